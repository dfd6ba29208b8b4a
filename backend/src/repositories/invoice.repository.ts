import type { BuyerDetails } from '../domain/events/domain-event';
import type { DocumentKind, InvoiceSnapshot } from '../domain/invoices/invoice-snapshot';
import type { ProviderName } from '../domain/payments/payment-status';
import { minorUnitsFromRow, normalizeDecimal } from './row-mapping';
import type { SqlRunner } from './sql-runner';

/** An issued document as lists and downloads see it. */
export interface DocumentRecord {
  id: string;
  kind: DocumentKind;
  /** Null while the document waits for the issuing job. */
  number: string | null;
  userId: string;
  paymentId: string;
  refundId: string | null;
  /** Signed minor units: negative on a credit note. */
  amount: number;
  currency: string;
  issuedAt: Date | null;
  /** PostgreSQL's text form of issued_at, and the request order: the keyset of lists. */
  issuedAtText: string | null;
  seq: string;
  hasPdf: boolean;
}

/** Everything an unnumbered document needs to be issued, read in one query. */
export interface PendingDocument {
  id: string;
  kind: DocumentKind;
  paymentId: string;
  refundId: string | null;
  /** Signed, as requested. */
  amount: number;
  currency: string;
  sale: {
    kind: 'course' | 'subscription';
    provider: ProviderName;
    providerReference: string | null;
    paidAmount: number;
    completedAt: Date | null;
    tax: { amount: number; rateBasisPoints: number; pricesIncludeTax: boolean } | null;
    buyer: BuyerDetails | null;
    exchangeRate: { rate: string; source: string; validFrom: Date; baseAmount: number; baseCurrency: string } | null;
    description: string | null;
  };
  account: { name: string; email: string };
  refund: { providerRefundId: string | null; refundedAt: Date } | null;
  /** The sale's invoice, when already issued. */
  invoice: InvoiceSnapshot | null;
  /** What issued credit notes of the sale already took back (positive). */
  creditedBefore: number;
}

export interface IssuedDocument {
  id: string;
  number: string;
  snapshot: InvoiceSnapshot;
}

export interface DocumentPageQuery {
  userId?: string;
  after?: { issuedAt: string; seq: string };
  limit: number;
}

interface DocumentRow {
  id: string;
  kind: DocumentKind;
  number: string | null;
  user_id: string;
  payment_id: string;
  refund_id: string | null;
  amount: string;
  currency: string;
  issued_at: Date | null;
  issued_at_text: string | null;
  seq: string;
  has_pdf: boolean;
}

interface PendingRow {
  id: string;
  kind: DocumentKind;
  payment_id: string;
  refund_id: string | null;
  amount: string;
  currency: string;
  payment_kind: 'course' | 'subscription';
  provider: ProviderName;
  provider_payment_id: string | null;
  provider_session_id: string | null;
  paid_amount: string;
  completed_at: Date | null;
  tax_amount: string | null;
  tax_rate_bp: number | null;
  prices_include_tax: boolean | null;
  buyer_details: BuyerDetails | null;
  exchange_rate: string | null;
  exchange_rate_source: string | null;
  exchange_rate_valid_from: Date | null;
  base_amount: string | null;
  base_currency: string | null;
  description: string | null;
  user_name: string;
  user_email: string;
  provider_refund_id: string | null;
  refunded_at: Date | null;
  invoice_data: InvoiceSnapshot | null;
  credited_before: string;
}

const COLUMNS = `i.id, i.kind, i.number, i.user_id, i.payment_id, i.refund_id, i.amount, i.currency, i.issued_at,
  i.issued_at::text AS issued_at_text, i.seq, i.pdf IS NOT NULL AS has_pdf`;

/** Invoices and credit notes: requested by settlement, numbered by the issuing job, then read-only. */
export class InvoiceRepository {
  constructor(private readonly sql: SqlRunner) {}

  /**
   * Makes the caller's transaction the only one issuing documents until it ends, across every
   * process: numbering then needs no other lock, and nothing on the webhook path waits for it.
   */
  async lockIssuing(): Promise<void> {
    await this.sql.query(`SELECT pg_advisory_xact_lock(hashtext('documents:issuing'))`);
  }

  /** Unnumbered documents in request order, with what issuing them needs. */
  async pending(limit: number): Promise<PendingDocument[]> {
    const rows = await this.sql.query<PendingRow>(
      `WITH pending AS MATERIALIZED (
         -- The partial index on seq finds the waiting rows without touching issued ones.
         SELECT id, seq FROM invoices WHERE number IS NULL ORDER BY seq LIMIT $1
       )
       SELECT i.id, i.kind, i.payment_id, i.refund_id, i.amount, i.currency,
              p.kind AS payment_kind, p.provider, p.provider_payment_id, p.provider_session_id,
              p.amount AS paid_amount, p.completed_at, p.tax_amount, p.tax_rate_bp, p.prices_include_tax,
              p.buyer_details, p.exchange_rate::text AS exchange_rate, p.exchange_rate_source,
              p.exchange_rate_valid_from, p.base_amount, p.base_currency,
              COALESCE(c.title, pl.name) AS description, u.name AS user_name, u.email AS user_email,
              r.provider_refund_id, r.updated_at AS refunded_at, inv.data AS invoice_data,
              CASE WHEN i.kind = 'credit_note' THEN
                (SELECT COALESCE(-sum(cn.amount), 0) FROM invoices cn
                  WHERE cn.payment_id = i.payment_id AND cn.kind = 'credit_note' AND cn.number IS NOT NULL)
              ELSE 0 END AS credited_before
         FROM pending
         JOIN invoices i ON i.id = pending.id
         JOIN payments p ON p.id = i.payment_id
         JOIN users u ON u.id = i.user_id
         LEFT JOIN courses c ON c.id = p.course_id
         LEFT JOIN subscriptions s ON s.id = p.subscription_id
         LEFT JOIN plans pl ON pl.id = s.plan_id
         LEFT JOIN refunds r ON r.id = i.refund_id
         LEFT JOIN invoices inv ON inv.payment_id = i.payment_id AND inv.kind = 'invoice' AND inv.number IS NOT NULL
        ORDER BY pending.seq`,
      [limit],
    );
    return rows.map(toPending);
  }

  /** The last number used in each of these series (absent: none issued yet). */
  async lastNumbers(series: string[]): Promise<Map<string, number>> {
    const rows = await this.sql.query<{ key: string; last_number: number }>(
      `SELECT key, last_number FROM document_series WHERE key = ANY($1::varchar[])`,
      [series],
    );
    return new Map(rows.map((r) => [r.key, r.last_number]));
  }

  /** Moves series counters on; rolled back with the caller's transaction, so a failed batch leaves no gap. */
  async saveLastNumbers(last: ReadonlyMap<string, number>): Promise<void> {
    if (!last.size) return;
    await this.sql.query(
      `INSERT INTO document_series (key, last_number)
       SELECT * FROM unnest($1::varchar[], $2::integer[])
       ON CONFLICT (key) DO UPDATE SET last_number = EXCLUDED.last_number`,
      [[...last.keys()], [...last.values()]],
    );
  }

  /** Freezes number, snapshot and issue date of pending documents (the trigger keeps them so). */
  async issue(documents: IssuedDocument[], issuedAt: Date): Promise<void> {
    if (!documents.length) return;
    await this.sql.query(
      `UPDATE invoices i SET number = v.number, data = v.data, issued_at = $4
         FROM unnest($1::uuid[], $2::varchar[], $3::jsonb[]) AS v(id, number, data)
        WHERE i.id = v.id AND i.number IS NULL`,
      [
        documents.map((d) => d.id),
        documents.map((d) => d.number),
        documents.map((d) => JSON.stringify(d.snapshot)),
        issuedAt,
      ],
    );
  }

  /** Issued documents whose PDF is not stored yet, oldest first. */
  async unrendered(limit: number): Promise<IssuedDocument[]> {
    const rows = await this.sql.query<{ id: string; number: string; data: InvoiceSnapshot }>(
      `SELECT id, number, data FROM invoices WHERE number IS NOT NULL AND pdf IS NULL ORDER BY seq LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ id: r.id, number: r.number, snapshot: r.data }));
  }

  async snapshot(id: string): Promise<IssuedDocument | undefined> {
    const rows = await this.sql.query<{ id: string; number: string; data: InvoiceSnapshot }>(
      `SELECT id, number, data FROM invoices WHERE id = $1 AND number IS NOT NULL`,
      [id],
    );
    return rows[0] && { id: rows[0].id, number: rows[0].number, snapshot: rows[0].data };
  }

  /** Stores the rendered PDF unless one is stored already (then `false`): the stored one is what is served. */
  async storePdf(id: string, pdf: Buffer, sha256: string): Promise<boolean> {
    const rows = await this.sql.query<{ id: string }>(
      `UPDATE invoices SET pdf = $2, pdf_sha256 = $3 WHERE id = $1 AND pdf IS NULL RETURNING id`,
      [id, pdf, sha256],
    );
    return rows.length > 0;
  }

  async pdf(id: string): Promise<{ pdf: Buffer; sha256: string } | undefined> {
    const rows = await this.sql.query<{ pdf: Buffer; pdf_sha256: string }>(
      `SELECT pdf, pdf_sha256 FROM invoices WHERE id = $1 AND pdf IS NOT NULL`,
      [id],
    );
    return rows[0] && { pdf: rows[0].pdf, sha256: rows[0].pdf_sha256 };
  }

  async findById(id: string): Promise<DocumentRecord | undefined> {
    const rows = await this.sql.query<DocumentRow>(`SELECT ${COLUMNS} FROM invoices i WHERE i.id = $1`, [id]);
    return rows[0] && toRecord(rows[0]);
  }

  /** A payment's invoice and credit notes (issued or waiting), in request order. */
  async forPayment(paymentId: string): Promise<DocumentRecord[]> {
    const rows = await this.sql.query<DocumentRow>(
      `SELECT ${COLUMNS} FROM invoices i WHERE i.payment_id = $1 ORDER BY i.seq`,
      [paymentId],
    );
    return rows.map(toRecord);
  }

  /** The issued documents of several payments at once (a history page). */
  async forPayments(paymentIds: string[]): Promise<DocumentRecord[]> {
    if (!paymentIds.length) return [];
    const rows = await this.sql.query<DocumentRow>(
      `SELECT ${COLUMNS} FROM invoices i WHERE i.payment_id = ANY($1::uuid[]) AND i.number IS NOT NULL ORDER BY i.seq`,
      [paymentIds],
    );
    return rows.map(toRecord);
  }

  /** Issued documents, newest first (in a batch, last numbered first), keyset-paginated; one user's or everyone's. */
  async page(query: DocumentPageQuery): Promise<DocumentRecord[]> {
    const rows = await this.sql.query<DocumentRow>(
      `SELECT ${COLUMNS} FROM invoices i
        WHERE i.number IS NOT NULL AND ($1::uuid IS NULL OR i.user_id = $1)
          AND ($2::timestamptz IS NULL OR (i.issued_at, i.seq) < ($2::timestamptz, $3::bigint))
        ORDER BY i.issued_at DESC, i.seq DESC
        LIMIT $4`,
      [query.userId ?? null, query.after?.issuedAt ?? null, query.after?.seq ?? null, query.limit + 1],
    );
    return rows.map(toRecord);
  }
}

function toRecord(r: DocumentRow): DocumentRecord {
  return {
    id: r.id,
    kind: r.kind,
    number: r.number,
    userId: r.user_id,
    paymentId: r.payment_id,
    refundId: r.refund_id,
    amount: minorUnitsFromRow(r.amount),
    currency: r.currency.trim(),
    issuedAt: r.issued_at && new Date(r.issued_at),
    issuedAtText: r.issued_at_text,
    seq: String(r.seq),
    hasPdf: r.has_pdf,
  };
}

function toPending(r: PendingRow): PendingDocument {
  const tax =
    r.tax_amount === null || r.tax_rate_bp === null || r.prices_include_tax === null
      ? null
      : {
          amount: minorUnitsFromRow(r.tax_amount),
          rateBasisPoints: r.tax_rate_bp,
          pricesIncludeTax: r.prices_include_tax,
        };
  const exchangeRate =
    r.exchange_rate && r.exchange_rate_source && r.exchange_rate_valid_from && r.base_amount && r.base_currency
      ? {
          rate: normalizeDecimal(r.exchange_rate),
          source: r.exchange_rate_source,
          validFrom: new Date(r.exchange_rate_valid_from),
          baseAmount: minorUnitsFromRow(r.base_amount),
          baseCurrency: r.base_currency.trim(),
        }
      : null;
  return {
    id: r.id,
    kind: r.kind,
    paymentId: r.payment_id,
    refundId: r.refund_id,
    amount: minorUnitsFromRow(r.amount),
    currency: r.currency.trim(),
    sale: {
      kind: r.payment_kind,
      provider: r.provider,
      providerReference: r.provider_payment_id ?? r.provider_session_id,
      paidAmount: minorUnitsFromRow(r.paid_amount),
      completedAt: r.completed_at && new Date(r.completed_at),
      tax,
      buyer: r.buyer_details,
      exchangeRate,
      description: r.description,
    },
    account: { name: r.user_name, email: r.user_email },
    refund: r.refunded_at ? { providerRefundId: r.provider_refund_id, refundedAt: new Date(r.refunded_at) } : null,
    invoice: r.invoice_data,
    creditedBefore: minorUnitsFromRow(r.credited_before),
  };
}
