/**
 * Whether an email waits for the document it carries (the invoice of a receipt, the credit note
 * of a refund). Documents are numbered by the issuing pass a second or so after the sale, so an
 * email normally waits a moment and goes with its PDF; if issuing is stuck it goes without it
 * after `DOCUMENT_WAIT_LIMIT_MS`, pointing at the page where the document will be.
 */
export const DOCUMENT_WAIT_LIMIT_MS = 15 * 60 * 1000;

/** The document as the email's cause left it: requested (number null until issued), or none. */
export interface DocumentState {
  number: string | null;
}

export type AttachmentDecision = 'attach' | 'wait' | 'send_without';

export function decideAttachment(
  document: DocumentState | undefined,
  emailCreatedAt: Date,
  now: Date,
  limitMs = DOCUMENT_WAIT_LIMIT_MS,
): AttachmentDecision {
  // None requested (a refund of a sale that was never invoiced): nothing will come.
  if (!document) return 'send_without';
  if (document.number !== null) return 'attach';
  return now.getTime() - emailCreatedAt.getTime() < limitMs ? 'wait' : 'send_without';
}

/** The attachment's file name: the document number, made safe for any mail client. */
export function documentFileName(number: string): string {
  return `${number.replace(/[^A-Za-z0-9._-]+/g, '-')}.pdf`;
}
