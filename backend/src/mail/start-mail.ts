import type { Config } from '../config/config';
import type { Logger } from '../logger';
import type { MailTransport } from '../services/emails/mail-transport';
import { startMailCatcher } from './mail-catcher';
import { describeSmtpUrl, smtpTransport } from './smtp-transport';

/** How this process sends email, as `config.mail` chose: the transport and the banner's line. */
export interface RunningMail {
  /** Unset: this process sends no email (mail disabled, or an API process next to a catcher). */
  transport?: MailTransport;
  /** The banner's line, e.g. `Mail: SMTP smtp://mail.example.com:587 (from ...)`. */
  describe(): string;
  /** Closes the transport and, if this process runs one, the catcher. */
  close(): Promise<void>;
}

/**
 * SMTP when SMTP_URL is set; the in-process mail catcher in development without it, in the
 * processes that run jobs (they send; an API process only enqueues); nothing when disabled.
 */
export async function startMail(config: Config, logger: Logger): Promise<RunningMail> {
  const { mail } = config;
  if (mail.transport === 'smtp' && mail.smtpUrl) {
    const transport = smtpTransport(mail.smtpUrl);
    return {
      transport,
      describe: () => `Mail: SMTP ${describeSmtpUrl(mail.smtpUrl ?? '')} (from ${mail.from})`,
      close: () => transport.close(),
    };
  }
  if (mail.transport === 'catcher') {
    if (config.role === 'api') {
      return {
        describe: () => 'Mail: sent by the worker processes (ROLE=api runs no jobs), caught by their mail catcher',
        close: async () => undefined,
      };
    }
    const catcher = await startMailCatcher({ ...mail.catcher, logger });
    const transport = smtpTransport(catcher.smtpUrl);
    return {
      transport,
      describe: () =>
        `Mail: caught locally, open ${catcher.webUrl} (SMTP on port ${catcher.smtpPort}); nothing leaves this machine`,
      close: async () => {
        await transport.close();
        await catcher.close();
      },
    };
  }
  return {
    describe: () =>
      `Mail: disabled (${config.env === 'test' ? 'NODE_ENV=test without SMTP_URL, or MAIL_DISABLED=true' : 'MAIL_DISABLED=true'})`,
    close: async () => undefined,
  };
}
