import type { DisputeState } from '../domain/events/domain-event';
import type { Money } from '../domain/money';
import type { ProviderName } from '../domain/payments/payment-status';
import { LIVE_SUBSCRIPTION_STATES } from '../domain/subscriptions/subscription-state-machine';
import { moneyFromRow } from './row-mapping';
import type { SqlRunner } from './sql-runner';

/** A subscription set to end with its period, and when that is. */
export interface EndingSubscription {
  id: string;
  userId: string;
  endsAt: Date;
}

/** A paid cycle as its email tells it, with the invoice it gets. */
export interface CyclePaymentFacts {
  amount: Money;
  paidAt: Date;
  /**
   * Whether no later cycle of the subscription was paid since (then the subscription's period is
   * this one's); provider times tick in whole seconds, so the recording order breaks a tie.
   */
  latest: boolean;
  /** The payment's invoice row; `number` is null until the issuing job numbered it. */
  invoice: { id: string; number: string | null } | null;
}

/** A dispute as the admins' alert tells it. */
export interface DisputeAlertFacts {
  paymentId: string;
  provider: ProviderName;
  providerDisputeId: string;
  amount: Money;
  reason: string;
  status: DisputeState;
  openedAt: Date;
  buyer: { name: string; email: string };
  /** The course title, or the plan name of a subscription's cycle. */
  itemTitle: string;
}

const LIVE = LIVE_SUBSCRIPTION_STATES.map((s) => `'${s}'`).join(', ');

/** What the lifecycle emails read: the ending-soon candidates and each email's facts at send time. */
export class EmailLifecycleQueryRepository {
  constructor(private readonly sql: SqlRunner) {}

  /** Live subscriptions set to cancel at their period end, which falls in (now, until]; soonest first. */
  async endingBetween(
    now: Date,
    until: Date,
    limit: number,
    after?: Pick<EndingSubscription, 'id' | 'endsAt'>,
  ): Promise<EndingSubscription[]> {
    const rows = await this.sql.query<{ id: string; user_id: string; current_period_end: Date }>(
      `SELECT id, user_id, current_period_end FROM subscriptions
        WHERE cancel_at_period_end AND status IN (${LIVE})
          AND current_period_end > $1::timestamptz AND current_period_end <= $2::timestamptz
          AND ($4::timestamptz IS NULL OR (current_period_end, id) > ($4::timestamptz, $5::uuid))
        ORDER BY current_period_end, id LIMIT $3`,
      [now, until, limit, after?.endsAt ?? null, after?.id ?? null],
    );
    return rows.map((r) => ({ id: r.id, userId: r.user_id, endsAt: new Date(r.current_period_end) }));
  }

  async cyclePayment(paymentId: string): Promise<CyclePaymentFacts | undefined> {
    const rows = await this.sql.query<{
      amount: string;
      currency: string;
      paid_at: Date;
      latest: boolean;
      invoice_id: string | null;
      invoice_number: string | null;
    }>(
      `SELECT p.amount, p.currency, COALESCE(p.completed_at, p.created_at) AS paid_at,
              NOT EXISTS (SELECT 1 FROM payments later
                           WHERE later.subscription_id = p.subscription_id AND later.id <> p.id
                             AND (later.completed_at, later.created_at) > (p.completed_at, p.created_at)) AS latest,
              i.id AS invoice_id, i.number AS invoice_number
         FROM payments p
         LEFT JOIN invoices i ON i.payment_id = p.id AND i.kind = 'invoice'
        WHERE p.id = $1::uuid`,
      [paymentId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      amount: moneyFromRow(row.amount, row.currency),
      paidAt: new Date(row.paid_at),
      latest: row.latest,
      invoice: row.invoice_id ? { id: row.invoice_id, number: row.invoice_number } : null,
    };
  }

  async disputeAlert(disputeId: string): Promise<DisputeAlertFacts | undefined> {
    const rows = await this.sql.query<{
      payment_id: string;
      provider: ProviderName;
      provider_dispute_id: string;
      amount: string;
      currency: string;
      reason: string;
      status: DisputeState;
      opened_at: Date;
      buyer_name: string;
      buyer_email: string;
      item_title: string | null;
    }>(
      `SELECT d.payment_id, d.provider, d.provider_dispute_id, d.amount, d.currency, d.reason, d.status, d.opened_at,
              u.name AS buyer_name, u.email AS buyer_email, COALESCE(c.title, pl.name) AS item_title
         FROM disputes d
         JOIN payments p ON p.id = d.payment_id
         JOIN users u ON u.id = p.user_id
         LEFT JOIN courses c ON c.id = p.course_id
         LEFT JOIN subscriptions s ON s.id = p.subscription_id
         LEFT JOIN plans pl ON pl.id = s.plan_id
        WHERE d.id = $1::uuid`,
      [disputeId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      paymentId: row.payment_id,
      provider: row.provider,
      providerDisputeId: row.provider_dispute_id,
      amount: moneyFromRow(row.amount, row.currency),
      reason: row.reason,
      status: row.status,
      openedAt: new Date(row.opened_at),
      buyer: { name: row.buyer_name, email: row.buyer_email },
      itemTitle: row.item_title ?? 'a payment',
    };
  }

  /** Whether the outbox holds an email of this idempotency key (another email of the same cause). */
  async emailExists(key: string): Promise<boolean> {
    const rows = await this.sql.query(`SELECT 1 FROM email_outbox WHERE idempotency_key = $1`, [key]);
    return rows.length > 0;
  }
}
