/**
 * Invoice and credit note types of the public HTTP API, shared by account/ (the invoices page,
 * the payment history) and checkout/ (the confirmation page).
 */
import { Money } from '../money/money-models';

export type DocumentKind = 'invoice' | 'credit_note';

/** An issued invoice or credit note (`GET /api/invoices`). */
export interface DocumentSummary {
  id: string;
  kind: DocumentKind;
  /** The document's number, e.g. `INV-2026-000042`; also the saved file's name. */
  number: string;
  paymentId: string;
  /** Signed: negative for a credit note. */
  total: Money;
  issuedAt: string;
  /** Where the PDF is, e.g. `/api/invoices/documents/<id>`; needs the bearer token. */
  downloadUrl: string;
}

/** What a payment view says about its invoice (`invoice` on `GET /api/payments…`). */
export interface InvoiceRef {
  id: string;
  number: string;
  downloadUrl: string;
}

/** What a download needs: where the PDF is and what to call the file. */
export type Downloadable = Pick<DocumentSummary, 'number' | 'downloadUrl'>;

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  invoice: 'Invoice',
  credit_note: 'Credit note',
};
