import { NotFoundError, NotReadyError } from '../../errors/app-error';
import type { DataStore } from '../../repositories/data-store';
import type { Principal } from '../auth/auth.service';
import { isUuid } from '../ids';
import { canSee } from '../payments/access-policy';
import { decodeCursor, encodeCursor } from '../payments/history-cursor';
import type { DocumentIssuingService } from './document-issuing.service';
import { isIssued, toDocumentSummary, type DocumentSummary } from './document-views';

export interface DocumentListQuery {
  limit: number;
  cursor?: string;
  /** Admins only: one user's documents. */
  userId?: string;
}

export interface PaymentDocuments {
  invoice: DocumentSummary;
  creditNotes: DocumentSummary[];
}

export interface DocumentFile {
  number: string;
  pdf: Buffer;
}

/** Issued invoices and credit notes, for their owner or an admin; anyone else gets 404. */
export class DocumentQueryService {
  constructor(
    private readonly store: DataStore,
    private readonly issuing: DocumentIssuingService,
  ) {}

  /** A payment's invoice and credit notes; `invoice_not_ready` while the issuing job has not numbered it. */
  async forPayment(principal: Principal, paymentId: string): Promise<PaymentDocuments> {
    if (!isUuid(paymentId)) throw new NotFoundError('Payment');
    const payment = await this.store.repos.payments.findById(paymentId);
    if (!payment || !canSee(principal, payment.userId)) throw new NotFoundError('Payment');
    const documents = await this.store.repos.invoices.forPayment(paymentId);
    const invoice = documents.find((d) => d.kind === 'invoice');
    if (!invoice) throw new NotFoundError('Invoice');
    if (!isIssued(invoice)) {
      throw new NotReadyError('invoice_not_ready', 'The invoice is being issued; it will be ready in a few seconds');
    }
    return {
      invoice: toDocumentSummary(invoice),
      creditNotes: documents
        .filter((d) => d.kind === 'credit_note')
        .filter(isIssued)
        .map(toDocumentSummary),
    };
  }

  async invoicePdf(principal: Principal, paymentId: string): Promise<DocumentFile> {
    const { invoice } = await this.forPayment(principal, paymentId);
    return this.file(invoice.id);
  }

  async documentPdf(principal: Principal, documentId: string): Promise<DocumentFile> {
    const record = isUuid(documentId) ? await this.store.repos.invoices.findById(documentId) : undefined;
    if (!record || !canSee(principal, record.userId) || !isIssued(record)) throw new NotFoundError('Document');
    return this.file(record.id);
  }

  /** Newest first; students see their own, admins everyone's or one user's. */
  async list(
    principal: Principal,
    query: DocumentListQuery,
  ): Promise<{ items: DocumentSummary[]; nextCursor: string | null }> {
    const after = query.cursor ? decodeCursor(query.cursor, (seq) => /^\d{1,19}$/.test(seq)) : undefined;
    const rows = await this.store.repos.invoices.page({
      userId: principal.role === 'admin' ? query.userId : principal.userId,
      after: after && { issuedAt: after.createdAt, seq: after.id },
      limit: query.limit,
    });
    const page = rows.slice(0, query.limit).filter(isIssued);
    const last = page[page.length - 1];
    return {
      items: page.map(toDocumentSummary),
      nextCursor: rows.length > query.limit && last?.issuedAtText ? encodeCursor(last.issuedAtText, last.seq) : null,
    };
  }

  private async file(documentId: string): Promise<DocumentFile> {
    const document = await this.store.repos.invoices.snapshot(documentId);
    if (!document) throw new NotFoundError('Document');
    return { number: document.number, pdf: await this.issuing.pdf(document) };
  }
}
