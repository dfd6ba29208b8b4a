import { decideAttachment, documentFileName } from '../../../domain/emails/document-wait';
import type { AttachedDocument } from '../../../emails/email-facts';
import type { EmailDocument } from '../../../repositories/sale-email-query.repository';
import type { DocumentAttachment } from './facts-loader';

/** The document to attach, or why the email waits for it. */
export type DocumentOutcome =
  | { status: 'ready'; attached?: AttachedDocument; attachments: DocumentAttachment[] }
  | { status: 'wait'; reason: string };

/**
 * The invoice or credit note an email carries, once numbered; while it waits for the issuing
 * pass the email waits too, up to the domain's limit, then goes without it (decideAttachment).
 */
export function documentOutcome(document: EmailDocument | null, what: string, emailCreatedAt: Date): DocumentOutcome {
  const decision = decideAttachment(document ?? undefined, emailCreatedAt, new Date());
  if (decision === 'wait') return { status: 'wait', reason: `the ${what} is not issued yet` };
  if (decision === 'send_without' || !document?.number) return { status: 'ready', attachments: [] };
  const attached = { number: document.number, filename: documentFileName(document.number) };
  return { status: 'ready', attached, attachments: [{ documentId: document.id, filename: attached.filename }] };
}
