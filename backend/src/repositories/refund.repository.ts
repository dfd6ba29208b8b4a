import type { RefundState } from '../domain/events/domain-event';
import type { Money } from '../domain/money';
import type { ProviderName } from '../domain/payments/payment-status';
import type { RefundOrigin } from '../domain/refunds/refund-origin';
import { moneyFromRow } from './row-mapping';
import type { SqlRunner } from './sql-runner';

export type { RefundOrigin };

export interface RefundRecord {
  id: string;
  paymentId: string;
  provider: ProviderName;
  providerRefundId: string | null;
  amount: Money;
  status: RefundState;
  origin: RefundOrigin;
  reason: string | null;
  failureReason: string | null;
  /** Our key for the provider call; null for refunds made outside the product. */
  idempotencyKey: string | null;
  requestKey: string | null;
  requestedBy: string | null;
  /** Provider time of the last state applied. */
  providerUpdatedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewRefund {
  paymentId: string;
  provider: ProviderName;
  amount: Money;
  status: RefundState;
  origin: RefundOrigin;
  reason: string | null;
  idempotencyKey: string | null;
  requestKey?: string | null;
  requestedBy?: string | null;
  providerRefundId?: string | null;
  failureReason?: string | null;
  providerUpdatedAt?: Date | null;
}

export interface RefundChange {
  status: RefundState;
  providerRefundId: string | null;
  failureReason: string | null;
  providerUpdatedAt: Date;
}

interface RefundRow {
  id: string;
  payment_id: string;
  provider: ProviderName;
  provider_refund_id: string | null;
  amount: string;
  currency: string;
  status: RefundState;
  origin: RefundOrigin;
  reason: string | null;
  failure_reason: string | null;
  idempotency_key: string | null;
  request_key: string | null;
  requested_by: string | null;
  provider_updated_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, payment_id, provider, provider_refund_id, amount, currency, status, origin, reason, failure_reason,
  idempotency_key, request_key, requested_by, provider_updated_at, created_at, updated_at`;

/**
 * A succeeded refund asks for its credit note in the statement that records it; the issuing job
 * numbers it. Used as a CTE after `saved` (the refund row written). Only a sale that was invoiced
 * gets one: a checkout canceled and refunded after review never was a sale, and a credit note
 * without its invoice would wait for it forever.
 */
const CREDIT_NOTE_REQUEST = `credited AS (
         INSERT INTO invoices (kind, user_id, payment_id, refund_id, amount, currency)
         SELECT 'credit_note', p.user_id, saved.payment_id, saved.id, -saved.amount, saved.currency
           FROM saved JOIN payments p ON p.id = saved.payment_id
          WHERE saved.status = 'succeeded'
            AND EXISTS (SELECT 1 FROM invoices inv WHERE inv.payment_id = saved.payment_id AND inv.kind = 'invoice')
         ON CONFLICT DO NOTHING
       )`;

/**
 * A succeeded refund asks for its confirmation email in the statement that records it, invoiced
 * or not; the key (emailKeys.refund) makes a second sighting of the refund meet this row. Used as
 * a CTE after `saved`, like the credit note request.
 */
const CONFIRMATION_REQUEST = `confirmed AS (
         INSERT INTO email_outbox (idempotency_key, kind, user_id, payment_id, refund_id)
         SELECT 'refund:' || saved.id, 'refund_confirmation', p.user_id, saved.payment_id, saved.id
           FROM saved JOIN payments p ON p.id = saved.payment_id
          WHERE saved.status = 'succeeded'
         ON CONFLICT (idempotency_key) DO NOTHING
       )`;

/** Refunds from every origin. Callers hold the payment's lock while they decide and write. */
export class RefundRepository {
  constructor(private readonly sql: SqlRunner) {}

  async listForPayment(paymentId: string): Promise<RefundRecord[]> {
    const rows = await this.sql.query<RefundRow>(
      `SELECT ${COLUMNS} FROM refunds WHERE payment_id = $1 ORDER BY created_at, id`,
      [paymentId],
    );
    return rows.map(toRecord);
  }

  /** The refunds of several payments at once (a history page), in creation order. */
  async listForPayments(paymentIds: readonly string[]): Promise<RefundRecord[]> {
    if (paymentIds.length === 0) return [];
    const rows = await this.sql.query<RefundRow>(
      `SELECT ${COLUMNS} FROM refunds WHERE payment_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [paymentIds],
    );
    return rows.map(toRecord);
  }

  async findById(id: string): Promise<RefundRecord | undefined> {
    const rows = await this.sql.query<RefundRow>(`SELECT ${COLUMNS} FROM refunds WHERE id = $1`, [id]);
    return rows[0] && toRecord(rows[0]);
  }

  async findByProviderRef(provider: ProviderName, providerRefundId: string): Promise<RefundRecord | undefined> {
    const rows = await this.sql.query<RefundRow>(
      `SELECT ${COLUMNS} FROM refunds WHERE provider = $1 AND provider_refund_id = $2`,
      [provider, providerRefundId],
    );
    return rows[0] && toRecord(rows[0]);
  }

  async findByRequestKey(paymentId: string, requestKey: string): Promise<RefundRecord | undefined> {
    const rows = await this.sql.query<RefundRow>(
      `SELECT ${COLUMNS} FROM refunds WHERE payment_id = $1 AND request_key = $2`,
      [paymentId, requestKey],
    );
    return rows[0] && toRecord(rows[0]);
  }

  /** How many refunds of ours were already requested for the payment (the `<n>` of their keys). */
  async countRequested(paymentId: string): Promise<number> {
    const rows = await this.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM refunds WHERE payment_id = $1 AND idempotency_key IS NOT NULL`,
      [paymentId],
    );
    return rows[0]?.n ?? 0;
  }

  async create(refund: NewRefund): Promise<RefundRecord> {
    const rows = await this.sql.query<RefundRow>(
      `WITH saved AS (
         INSERT INTO refunds (payment_id, provider, amount, currency, status, origin, reason, idempotency_key,
                              request_key, requested_by, provider_refund_id, failure_reason, provider_updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         RETURNING ${COLUMNS}
       ), ${CREDIT_NOTE_REQUEST}, ${CONFIRMATION_REQUEST}
       SELECT ${COLUMNS} FROM saved`,
      [
        refund.paymentId,
        refund.provider,
        refund.amount.amount,
        refund.amount.currency,
        refund.status,
        refund.origin,
        refund.reason,
        refund.idempotencyKey,
        refund.requestKey ?? null,
        refund.requestedBy ?? null,
        refund.providerRefundId ?? null,
        refund.failureReason ?? null,
        refund.providerUpdatedAt ?? null,
      ],
    );
    return toRecord(rows[0]!);
  }

  async recordChange(id: string, change: RefundChange): Promise<void> {
    await this.sql.query(
      `WITH saved AS (
         UPDATE refunds SET status = $2, provider_refund_id = COALESCE($3, provider_refund_id),
                failure_reason = COALESCE($4, failure_reason), provider_updated_at = $5, updated_at = now()
          WHERE id = $1
          RETURNING id, payment_id, amount, currency, status
       ), ${CREDIT_NOTE_REQUEST}, ${CONFIRMATION_REQUEST}
       SELECT 1`,
      [id, change.status, change.providerRefundId, change.failureReason, change.providerUpdatedAt],
    );
  }

  /** Refunds still on their way, oldest first (reconciliation asks the provider about them). */
  async unsettled(olderThanSeconds: number, limit: number): Promise<RefundRecord[]> {
    const rows = await this.sql.query<RefundRow>(
      `SELECT ${COLUMNS} FROM refunds
        WHERE status IN ('pending', 'requires_action') AND created_at < now() - make_interval(secs => $1)
        ORDER BY created_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
    return rows.map(toRecord);
  }
}

function toRecord(r: RefundRow): RefundRecord {
  return {
    id: r.id,
    paymentId: r.payment_id,
    provider: r.provider,
    providerRefundId: r.provider_refund_id,
    amount: moneyFromRow(r.amount, r.currency),
    status: r.status,
    origin: r.origin,
    reason: r.reason,
    failureReason: r.failure_reason,
    idempotencyKey: r.idempotency_key,
    requestKey: r.request_key,
    requestedBy: r.requested_by,
    providerUpdatedAt: r.provider_updated_at && new Date(r.provider_updated_at),
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}
