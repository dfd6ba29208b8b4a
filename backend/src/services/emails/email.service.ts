import type { MailConfig } from '../../config/config';
import type { Logger } from '../../logger';
import type { DataStore } from '../../repositories/data-store';
import type { Page } from '../admin/admin-views';
import type { DocumentIssuingService } from '../invoices/document-issuing.service';
import { EmailAdminService, type AdminEmailQuery } from './email-admin.service';
import { EmailRelay } from './email-relay';
import { EmailSender, type SendOutcome } from './email-sender';
import type { AdminEmailView } from './email-views';
import type { AppLinks } from './facts/facts-loader';
import type { MailTransport } from './mail-transport';

export interface EmailServiceOptions {
  mail: MailConfig;
  transport?: MailTransport;
  /** APP_BASE_URL, for the links in messages. */
  appBaseUrl: string;
}

/** The email outbox: the relay's pass, the job's send, and the admin list and resend. */
export class EmailService {
  private readonly relay: EmailRelay;
  private readonly sender: EmailSender;
  private readonly admin: EmailAdminService;

  constructor(store: DataStore, documents: DocumentIssuingService, options: EmailServiceOptions, logger: Logger) {
    this.relay = new EmailRelay(store, options.mail, !options.transport);
    this.sender = new EmailSender(
      store,
      documents,
      { mail: options.mail, transport: options.transport, links: appLinks(options.appBaseUrl) },
      logger,
    );
    this.admin = new EmailAdminService(store, logger);
  }

  /** Hands due rows to the job queue, MAIL_SEND_PER_SECOND at most; how many. */
  handOver(): Promise<number> {
    return this.relay.handOver();
  }

  /** One job: sends (or files) one email. Throws to have pg-boss retry it. */
  send(emailId: string): Promise<SendOutcome> {
    return this.sender.send(emailId);
  }

  /** A job whose runs are used up without an outcome: its email is filed failed. */
  abandon(emailId: string, reason: string): Promise<boolean> {
    return this.sender.abandon(emailId, reason);
  }

  list(query: AdminEmailQuery): Promise<Page<AdminEmailView>> {
    return this.admin.list(query);
  }

  get(id: string): Promise<AdminEmailView> {
    return this.admin.get(id);
  }

  resend(adminUserId: string, id: string): Promise<{ email: AdminEmailView }> {
    return this.admin.resend(adminUserId, id);
  }
}

export function appLinks(appBaseUrl: string): AppLinks {
  const base = appBaseUrl.replace(/\/+$/, '');
  return { link: (path) => `${base}${path.startsWith('/') ? path : `/${path}`}` };
}
