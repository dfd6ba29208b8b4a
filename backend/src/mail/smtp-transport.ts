import nodemailer from 'nodemailer';
import type { MailTransport, OutgoingEmail } from '../services/emails/mail-transport';

/**
 * How long one attempt may wait on the server. Without these a mail server that accepts the
 * connection and then says nothing would hold a send job for nodemailer's defaults (minutes);
 * a timeout is an ordinary failed attempt, retried with backoff.
 */
export const SMTP_TIMEOUTS: Readonly<Record<'connectionTimeout' | 'greetingTimeout' | 'socketTimeout', number>> = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 30_000,
};

/**
 * The MailTransport over SMTP (nodemailer), from an `smtp://` or `smtps://` URL. One connection
 * per message, no pool: emails leave one job at a time, and a pool would hold sockets open
 * across a server's restart.
 */
export function smtpTransport(url: string, timeouts: Partial<typeof SMTP_TIMEOUTS> = {}): MailTransport {
  const transporter = nodemailer.createTransport({ url, pool: false, ...SMTP_TIMEOUTS, ...timeouts });
  return {
    async send(message: OutgoingEmail) {
      const info = await transporter.sendMail({
        from: message.from,
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        messageId: message.messageId,
        attachments: message.attachments.map((a) => ({
          filename: a.filename,
          content: a.content,
          contentType: a.contentType,
        })),
      });
      return { messageId: String(info.messageId) };
    },
    async close() {
      transporter.close();
    },
  };
}

const DEFAULT_PORTS: Record<string, number> = { 'smtp:': 587, 'smtps:': 465 };

/**
 * `smtp://mail.example.com:587`: the scheme, host and port of an SMTP URL for the banner and
 * logs, never its user name, password or options (they may carry credentials).
 */
export function describeSmtpUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(an SMTP URL that does not parse)';
  }
  const port = parsed.port || String(DEFAULT_PORTS[parsed.protocol] ?? '');
  return `${parsed.protocol}//${parsed.hostname}${port ? `:${port}` : ''}`;
}
