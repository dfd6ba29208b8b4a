import type { Money } from '../../domain/money';
import type { DocumentKind } from '../../domain/invoices/invoice-snapshot';
import type { DocumentRecord } from '../../repositories/invoice.repository';

/** An issued invoice or credit note in a list. `total.amount` is negative on a credit note. */
export interface DocumentSummary {
  id: string;
  kind: DocumentKind;
  number: string;
  paymentId: string;
  total: Money;
  issuedAt: string;
  downloadUrl: string;
}

/** How a payment view points at its documents. */
export interface DocumentLink {
  id: string;
  number: string;
  downloadUrl: string;
}

export function documentUrl(id: string): string {
  return `/api/invoices/documents/${id}`;
}

/** The summary of an issued document (`number` and `issuedAt` set). */
export function toDocumentSummary(record: DocumentRecord & { number: string; issuedAt: Date }): DocumentSummary {
  return {
    id: record.id,
    kind: record.kind,
    number: record.number,
    paymentId: record.paymentId,
    total: { amount: record.amount, currency: record.currency },
    issuedAt: record.issuedAt.toISOString(),
    downloadUrl: documentUrl(record.id),
  };
}

export function isIssued(record: DocumentRecord): record is DocumentRecord & { number: string; issuedAt: Date } {
  return record.number !== null && record.issuedAt !== null;
}

/** A payment's issued invoice and credit notes, as links. */
export function documentLinks(records: readonly DocumentRecord[]): {
  invoice: DocumentLink | null;
  creditNotes: DocumentLink[];
} {
  const link = (r: DocumentRecord & { number: string }) => ({
    id: r.id,
    number: r.number,
    downloadUrl: documentUrl(r.id),
  });
  const issued = records.filter(isIssued);
  const invoice = issued.find((r) => r.kind === 'invoice');
  return {
    invoice: invoice ? link(invoice) : null,
    creditNotes: issued.filter((r) => r.kind === 'credit_note').map(link),
  };
}
