import type { DisputeState } from '../domain/events/domain-event';
import type { Money } from '../domain/money';
import type { ProviderName } from '../domain/payments/payment-status';
import { moneyFromRow } from './row-mapping';
import type { SqlRunner } from './sql-runner';

export interface DisputeRecord {
  id: string;
  paymentId: string;
  provider: ProviderName;
  providerDisputeId: string;
  amount: Money;
  reason: string;
  status: DisputeState;
  fundsWithdrawn: boolean;
  providerUpdatedAt: Date;
  openedAt: Date;
  closedAt: Date | null;
}

export interface NewDispute {
  paymentId: string;
  provider: ProviderName;
  providerDisputeId: string;
  amount: Money;
  reason: string;
  status: DisputeState;
  fundsWithdrawn: boolean;
  occurredAt: Date;
  closed: boolean;
}

export interface DisputeChange {
  /** Set when a placeholder (a reversal seen before its dispute) learns its real id. */
  providerDisputeId?: string;
  amount: Money;
  reason: string;
  status: DisputeState;
  fundsWithdrawn: boolean;
  providerUpdatedAt: Date;
  closed: boolean;
}

export interface DisputeListItem extends DisputeRecord {
  /** PostgreSQL's text form of opened_at, for keyset cursors. */
  openedAtText: string;
  user: { id: string; email: string; name: string };
  payment: { id: string; amount: Money; course: { id: string; title: string } | null };
}

export interface DisputePageQuery {
  status?: DisputeState;
  provider?: ProviderName;
  after?: { openedAt: string; id: string };
  limit: number;
}

interface DisputeRow {
  id: string;
  payment_id: string;
  provider: ProviderName;
  provider_dispute_id: string;
  amount: string;
  currency: string;
  reason: string;
  status: DisputeState;
  funds_withdrawn: boolean;
  provider_updated_at: Date;
  opened_at: Date;
  closed_at: Date | null;
}

const COLUMNS = `d.id, d.payment_id, d.provider, d.provider_dispute_id, d.amount, d.currency, d.reason, d.status,
  d.funds_withdrawn, d.provider_updated_at, d.opened_at, d.closed_at`;

/** A row per provider dispute. Callers hold the payment's lock while they decide and write. */
export class DisputeRepository {
  constructor(private readonly sql: SqlRunner) {}

  async listForPayment(paymentId: string): Promise<DisputeRecord[]> {
    const rows = await this.sql.query<DisputeRow>(
      `SELECT ${COLUMNS} FROM disputes d WHERE d.payment_id = $1 ORDER BY d.opened_at, d.id`,
      [paymentId],
    );
    return rows.map(toRecord);
  }

  /** The disputes of several payments at once (a history page). */
  async listForPayments(paymentIds: readonly string[]): Promise<DisputeRecord[]> {
    if (paymentIds.length === 0) return [];
    const rows = await this.sql.query<DisputeRow>(
      `SELECT ${COLUMNS} FROM disputes d WHERE d.payment_id = ANY($1::uuid[]) ORDER BY d.opened_at, d.id`,
      [paymentIds],
    );
    return rows.map(toRecord);
  }

  async findByProviderRef(provider: ProviderName, providerDisputeId: string): Promise<DisputeRecord | undefined> {
    const rows = await this.sql.query<DisputeRow>(
      `SELECT ${COLUMNS} FROM disputes d WHERE d.provider = $1 AND d.provider_dispute_id = $2`,
      [provider, providerDisputeId],
    );
    return rows[0] && toRecord(rows[0]);
  }

  async create(dispute: NewDispute): Promise<DisputeRecord> {
    const rows = await this.sql.query<DisputeRow>(
      `INSERT INTO disputes AS d (payment_id, provider, provider_dispute_id, amount, currency, reason, status,
                               funds_withdrawn, provider_updated_at, opened_at, closed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamptz, $9::timestamptz,
               CASE WHEN $10::boolean THEN $9::timestamptz END)
       RETURNING ${COLUMNS}`,
      [
        dispute.paymentId,
        dispute.provider,
        dispute.providerDisputeId,
        dispute.amount.amount,
        dispute.amount.currency,
        dispute.reason.slice(0, 120),
        dispute.status,
        dispute.fundsWithdrawn,
        dispute.occurredAt,
        dispute.closed,
      ],
    );
    return toRecord(rows[0]!);
  }

  async recordChange(id: string, change: DisputeChange): Promise<void> {
    await this.sql.query(
      `UPDATE disputes SET provider_dispute_id = COALESCE($2, provider_dispute_id), amount = $3, reason = $4,
              status = $5, funds_withdrawn = $6, provider_updated_at = $7::timestamptz,
              closed_at = CASE WHEN $8::boolean THEN COALESCE(closed_at, $7::timestamptz) END, updated_at = now()
        WHERE id = $1`,
      [
        id,
        change.providerDisputeId ?? null,
        change.amount.amount,
        change.reason.slice(0, 120),
        change.status,
        change.fundsWithdrawn,
        change.providerUpdatedAt,
        change.closed,
      ],
    );
  }

  /** Disputes not yet final, oldest first (reconciliation asks the provider about them). */
  async open(limit: number): Promise<DisputeRecord[]> {
    const rows = await this.sql.query<DisputeRow>(
      `SELECT ${COLUMNS} FROM disputes d WHERE d.status IN ('inquiry', 'needs_response', 'under_review')
        ORDER BY d.opened_at LIMIT $1`,
      [limit],
    );
    return rows.map(toRecord);
  }

  /** Newest first, keyset-paginated, with the buyer and the course for the admin list. */
  async page(query: DisputePageQuery): Promise<DisputeListItem[]> {
    const rows = await this.sql.query<
      DisputeRow & {
        opened_at_text: string;
        user_id: string;
        email: string;
        user_name: string;
        payment_amount: string;
        payment_currency: string;
        course_id: string | null;
        title: string | null;
      }
    >(
      `SELECT ${COLUMNS}, d.opened_at::text AS opened_at_text, p.user_id, u.email, u.name AS user_name,
              p.amount AS payment_amount, p.currency AS payment_currency, p.course_id, c.title
         FROM disputes d JOIN payments p ON p.id = d.payment_id JOIN users u ON u.id = p.user_id
         LEFT JOIN courses c ON c.id = p.course_id
        WHERE ($1::varchar IS NULL OR d.status = $1)
          AND ($5::varchar IS NULL OR d.provider = $5)
          AND ($2::timestamptz IS NULL OR (d.opened_at, d.id) < ($2::timestamptz, $3::uuid))
        ORDER BY d.opened_at DESC, d.id DESC
        LIMIT $4`,
      [
        query.status ?? null,
        query.after?.openedAt ?? null,
        query.after?.id ?? null,
        query.limit + 1,
        query.provider ?? null,
      ],
    );
    return rows.map((r) => ({
      ...toRecord(r),
      openedAtText: r.opened_at_text,
      user: { id: r.user_id, email: r.email, name: r.user_name },
      payment: {
        id: r.payment_id,
        amount: moneyFromRow(r.payment_amount, r.payment_currency),
        course: r.course_id ? { id: r.course_id, title: r.title ?? '' } : null,
      },
    }));
  }
}

function toRecord(r: DisputeRow): DisputeRecord {
  return {
    id: r.id,
    paymentId: r.payment_id,
    provider: r.provider,
    providerDisputeId: r.provider_dispute_id,
    amount: moneyFromRow(r.amount, r.currency),
    reason: r.reason,
    status: r.status,
    fundsWithdrawn: r.funds_withdrawn,
    providerUpdatedAt: new Date(r.provider_updated_at),
    openedAt: new Date(r.opened_at),
    closedAt: r.closed_at && new Date(r.closed_at),
  };
}
