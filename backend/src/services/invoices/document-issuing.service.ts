import { createHash } from 'node:crypto';
import type { InvoicingConfig } from '../../config/config';
import { creditNoteSnapshot, invoiceSnapshot } from '../../domain/invoices/document-snapshot';
import { formatNumber, seriesKey } from '../../domain/invoices/document-number';
import type { InvoiceSnapshot } from '../../domain/invoices/invoice-snapshot';
import type { Logger } from '../../logger';
import type { DataStore, Repositories } from '../../repositories/data-store';
import type { IssuedDocument, PendingDocument } from '../../repositories/invoice.repository';
import { refundFacts, saleFacts } from './sale-facts';

/** Renders a frozen snapshot to PDF bytes. */
export type PdfRenderer = (snapshot: InvoiceSnapshot) => Promise<Buffer>;

export interface IssueOutcome {
  issued: number;
  rendered: number;
}

const BATCH = 100;

/**
 * Numbers and freezes the invoices and credit notes that settlement asked for, then renders and
 * stores their PDFs. Numbering happens in one short transaction per batch under an advisory lock
 * (one issuer at a time in the whole deployment): numbers follow request order, have no gaps
 * (the counters roll back with a failed batch) and never wait on, or hold up, a webhook.
 */
export class DocumentIssuingService {
  constructor(
    private readonly store: DataStore,
    private readonly invoicing: InvoicingConfig,
    private readonly render: PdfRenderer,
    private readonly logger: Logger,
  ) {}

  async issuePending(): Promise<IssueOutcome> {
    let issued = 0;
    for (;;) {
      const batch = await this.store.transaction((tx) => this.issueBatch(tx));
      issued += batch.issued;
      if (batch.seen < BATCH || batch.issued === 0) break;
    }
    return { issued, rendered: await this.renderIssued() };
  }

  /** The stored PDF, rendering it first if the issuing job has not got to it yet. */
  async pdf(document: IssuedDocument): Promise<Buffer> {
    const stored = await this.store.repos.invoices.pdf(document.id);
    if (stored) return stored.pdf;
    const rendered = await this.renderAndStore(document);
    if (rendered.stored) return rendered.pdf;
    // Another run stored its rendering first: serve what is stored.
    return (await this.store.repos.invoices.pdf(document.id))!.pdf;
  }

  private async issueBatch(tx: Repositories): Promise<{ seen: number; issued: number }> {
    await tx.invoices.lockIssuing();
    const pending = await tx.invoices.pending(BATCH);
    if (!pending.length) return { seen: 0, issued: 0 };
    const issuedAt = new Date();
    const formats = { invoice: this.invoicing.invoiceNumbers, credit_note: this.invoicing.creditNoteNumbers };
    const keys = new Map(pending.map((doc) => [doc.id, seriesKey(doc.kind, formats[doc.kind], issuedAt)]));
    const last = await tx.invoices.lastNumbers([...new Set(keys.values())]);
    const used = new Map<string, number>();
    const invoices = new Map<string, InvoiceSnapshot>();
    const credited = new Map<string, number>();
    const issued: IssuedDocument[] = [];
    for (const doc of pending) {
      const key = keys.get(doc.id)!;
      const counter = (used.get(key) ?? last.get(key) ?? 0) + 1;
      const number = formatNumber(formats[doc.kind], issuedAt, counter);
      const snapshot = this.snapshotOf(doc, number, issuedAt, invoices, credited);
      if (!snapshot) continue;
      used.set(key, counter);
      issued.push({ id: doc.id, number, snapshot });
      if (doc.kind === 'invoice') invoices.set(doc.paymentId, snapshot);
      else credited.set(doc.paymentId, (credited.get(doc.paymentId) ?? doc.creditedBefore) - doc.amount);
    }
    await tx.invoices.issue(issued, issuedAt);
    await tx.invoices.saveLastNumbers(used);
    return { seen: pending.length, issued: issued.length };
  }

  /** The snapshot, or undefined when the document cannot be issued yet (logged). */
  private snapshotOf(
    doc: PendingDocument,
    number: string,
    issuedAt: Date,
    invoicesInBatch: ReadonlyMap<string, InvoiceSnapshot>,
    creditedInBatch: ReadonlyMap<string, number>,
  ): InvoiceSnapshot | undefined {
    try {
      if (doc.kind === 'invoice') return invoiceSnapshot(saleFacts(doc, this.invoicing, issuedAt), number, issuedAt);
      const invoice = doc.invoice ?? invoicesInBatch.get(doc.paymentId);
      if (!invoice) {
        this.logger.warn({ documentId: doc.id, paymentId: doc.paymentId }, 'credit note waits for its invoice');
        return undefined;
      }
      const before = creditedInBatch.get(doc.paymentId) ?? doc.creditedBefore;
      return creditNoteSnapshot(invoice, refundFacts(doc, before, issuedAt), number, issuedAt);
    } catch (error) {
      this.logger.error({ err: error, documentId: doc.id, paymentId: doc.paymentId }, 'document cannot be issued');
      return undefined;
    }
  }

  private async renderIssued(): Promise<number> {
    let rendered = 0;
    // Bounded per pass (one pass a second, `DOCUMENT_RENDER_PER_SECOND`): plenty for any normal
    // rate of sales, and in a webhook storm rendering takes a bounded share of the CPU instead of
    // competing with settlement. A download renders a document the passes have not reached yet.
    const limit = this.invoicing.renderPerSecond;
    if (limit === 0) return 0;
    for (const document of await this.store.repos.invoices.unrendered(limit)) {
      try {
        await this.renderAndStore(document);
        rendered += 1;
      } catch (error) {
        this.logger.error({ err: error, documentId: document.id, number: document.number }, 'PDF rendering failed');
      }
    }
    return rendered;
  }

  private async renderAndStore(document: IssuedDocument): Promise<{ pdf: Buffer; stored: boolean }> {
    const pdf = await this.render(document.snapshot);
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    return { pdf, stored: await this.store.repos.invoices.storePdf(document.id, pdf, sha256) };
  }
}
