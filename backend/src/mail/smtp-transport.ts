import nodemailer from 'nodemailer';
import type { MailTransport, OutgoingEmail } from '../services/emails/mail-transport';

/** The MailTransport over SMTP (nodemailer), from an `smtp://` or `smtps://` URL. */
export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    async send(message: OutgoingEmail) {
      const info = await transporter.sendMail({
        from: message.from,
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        messageId: message.messageId,
        attachments: message.attachments,
      });
      return { messageId: String(info.messageId) };
    },
    async close() {
      transporter.close();
    },
  };
}
