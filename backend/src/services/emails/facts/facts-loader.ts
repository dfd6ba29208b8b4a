import type { EmailFacts } from '../../../emails/email-facts';
import type { Repositories } from '../../../repositories/data-store';
import type { OutboxEmail } from '../../../repositories/email-outbox.repository';

/** Absolute links into the app, built from APP_BASE_URL. */
export interface AppLinks {
  /** `appBaseUrl` + path, e.g. `link('/account/invoices')`. */
  link(path: string): string;
}

export interface LoaderContext {
  repos: Repositories;
  links: AppLinks;
  /** MAIL_ADMIN_TO, or every admin user's address when it is unset. */
  adminRecipients(): Promise<string[]>;
}

/** An issued document to attach, by id; the sender fetches (or renders) its PDF. */
export interface DocumentAttachment {
  documentId: string;
  filename: string;
}

/** What a loader found: the message to send, a reason to wait, or a reason it is no longer due. */
export type LoadedEmail =
  | { status: 'ready'; to: string[]; facts: EmailFacts; attachments: DocumentAttachment[] }
  /** Something it needs is not there yet (the invoice is not issued): try again shortly. */
  | { status: 'wait'; reason: string }
  /** The cause no longer holds (the subscription was resumed before it ended): not sent, kept as skipped. */
  | { status: 'obsolete'; reason: string };

/** Reads, from our rows, what one kind of email says; one loader per kind. */
export type FactsLoader = (email: OutboxEmail, context: LoaderContext) => Promise<LoadedEmail>;
