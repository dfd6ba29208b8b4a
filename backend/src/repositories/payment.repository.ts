import type { BuyerDetails, PaymentRef } from '../domain/events/domain-event';
import type { TaxedAmount, TaxRule } from '../domain/invoices/tax';
import type { Money } from '../domain/money';
import type { Conversion } from '../domain/pricing';
import type { PaymentStatus, ProviderName } from '../domain/payments/payment-status';
import type { PaymentTransition, SettlementPayment } from '../domain/payments/payment-transition';
import { isUniqueViolation } from './db-errors';
import { moneyFromRow } from './row-mapping';
import type { SqlRunner } from './sql-runner';

/** A payment as checkout and its replays see it. */
export interface PaymentRecord {
  id: string;
  userId: string;
  kind: 'course' | 'subscription';
  courseId: string | null;
  provider: ProviderName;
  status: PaymentStatus;
  amount: Money;
  providerSessionId: string | null;
  providerPaymentId: string | null;
  checkoutUrl: string | null;
  /** Our id of the saved method the checkout was started with (a vaulted PayPal wallet). */
  paymentMethodId: string | null;
  /** Provider time of the last event applied. */
  lastEventAt: Date | null;
  createdAt: Date;
}

/** A checkout whose request died before the provider's checkout was stored, with what its create call was built from. */
export interface CheckoutToResume {
  payment: PaymentRecord;
  courseTitle: string;
  /** The provider's id of the saved method it was started with. */
  providerPaymentMethodId: string | null;
}

/** Which payments a reconciliation run takes, and how often it asks about the same one. */
export interface DueCheckoutsQuery {
  /** A checkout is first asked about this long after it started. */
  olderThanSeconds: number;
  /** And asked again once this long has passed since the last time. */
  recheckAfterSeconds: number;
  /** A pending payment without any provider checkout this old is a crashed request. */
  crashedAfterSeconds: number;
  limit: number;
}

export interface NewCoursePayment {
  userId: string;
  courseId: string;
  provider: ProviderName;
  amount: Money;
  /** Set when the price was converted: the rate's value, source and start, and the base price. */
  conversion: Conversion | null;
  /** The tax in `amount` and the rule that fixed it, for the invoice. */
  tax: TaxedAmount & TaxRule;
  idempotencyKey: string | null;
  /** Our id of the saved method the student chose to pay with. */
  paymentMethodId: string | null;
}

/** A paid subscription cycle, keyed by the provider's invoice (Stripe `in_…`, PayPal sale id). */
export interface NewCyclePayment {
  userId: string;
  subscriptionId: string;
  provider: ProviderName;
  providerInvoiceId: string;
  providerPaymentId: string | null;
  amount: Money;
  paidAt: Date;
  tax: TaxedAmount & TaxRule;
  buyer: BuyerDetails | null;
}

export interface AuditFacts {
  actor: string;
  /** The admin who decided it, when an admin did (actor 'admin'). */
  actorUserId?: string | null;
  data: Record<string, unknown>;
}

interface PaymentRow {
  id: string;
  user_id: string;
  kind: 'course' | 'subscription';
  course_id: string | null;
  provider: ProviderName;
  status: PaymentStatus;
  amount: string;
  currency: string;
  provider_session_id: string | null;
  provider_payment_id: string | null;
  checkout_url: string | null;
  payment_method_id: string | null;
  last_event_at: Date | null;
  created_at: Date;
}

interface SettlementRow {
  id: string;
  user_id: string;
  kind: 'course' | 'subscription';
  course_id: string | null;
  status: PaymentStatus;
  amount: string;
  currency: string;
  last_event_at: Date | null;
  completed_at: Date | null;
  provider_session_id: string | null;
  provider_payment_id: string | null;
  failure_code: string | null;
  failure_reason: string | null;
  review_reason: string | null;
  confirmed_amount: string | null;
  confirmed_currency: string | null;
}

const PAYMENT_COLUMNS = `id, user_id, kind, course_id, provider, status, amount, currency, provider_session_id,
  provider_payment_id, checkout_url, payment_method_id, last_event_at, created_at`;

/** PAYMENT_COLUMNS of the row `p`. */
const P_PAYMENT_COLUMNS = PAYMENT_COLUMNS.split(',')
  .map((c) => `p.${c.trim()}`)
  .join(', ');

/** The payments aggregate: checkout rows, and the locked read and write of settlement. */
export class PaymentRepository {
  constructor(private readonly sql: SqlRunner) {}

  /** Writes the pending payment; `idempotency_conflict` when the user's key is already taken. */
  async createPendingCoursePayment(input: NewCoursePayment): Promise<PaymentRecord | 'idempotency_conflict'> {
    try {
      const rows = await this.sql.query<PaymentRow>(
        `INSERT INTO payments (user_id, kind, course_id, provider, status, amount, currency, exchange_rate,
                               exchange_rate_source, exchange_rate_valid_from, base_amount, base_currency,
                               idempotency_key, tax_amount, tax_rate_bp, prices_include_tax, payment_method_id)
         VALUES ($1, 'course', $2, $3, 'pending', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         RETURNING ${PAYMENT_COLUMNS}`,
        [
          input.userId,
          input.courseId,
          input.provider,
          input.amount.amount,
          input.amount.currency,
          input.conversion?.rate ?? null,
          input.conversion?.source ?? null,
          input.conversion?.validFrom ?? null,
          input.conversion?.from.amount ?? null,
          input.conversion?.from.currency ?? null,
          input.idempotencyKey,
          input.tax.tax,
          input.tax.rateBasisPoints,
          input.tax.pricesIncludeTax,
          input.paymentMethodId,
        ],
      );
      return toRecord(rows[0]!);
    } catch (error) {
      if (isUniqueViolation(error, 'uq_payments_user_idempotency_key')) return 'idempotency_conflict';
      throw error;
    }
  }

  async recordCheckoutSession(paymentId: string, providerSessionId: string, checkoutUrl: string): Promise<void> {
    await this.sql.query(
      `UPDATE payments SET provider_session_id = $2, checkout_url = $3, version = version + 1, updated_at = now()
        WHERE id = $1`,
      [paymentId, providerSessionId, checkoutUrl],
    );
  }

  async findById(id: string): Promise<PaymentRecord | undefined> {
    const rows = await this.sql.query<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE id = $1`, [id]);
    return rows[0] && toRecord(rows[0]);
  }

  async findByIdempotencyKey(userId: string, key: string): Promise<PaymentRecord | undefined> {
    const rows = await this.sql.query<PaymentRow>(
      `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE user_id = $1 AND idempotency_key = $2`,
      [userId, key],
    );
    return rows[0] && toRecord(rows[0]);
  }

  async findBySession(provider: ProviderName, providerSessionId: string): Promise<PaymentRecord | undefined> {
    const rows = await this.sql.query<PaymentRow>(
      `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE provider = $1 AND provider_session_id = $2`,
      [provider, providerSessionId],
    );
    return rows[0] && toRecord(rows[0]);
  }

  /** The student's unfinished checkouts of a course (one sale per course), newest first. */
  async openForCourse(userId: string, courseId: string): Promise<PaymentRecord[]> {
    const rows = await this.sql.query<PaymentRow>(
      `SELECT ${PAYMENT_COLUMNS} FROM payments
        WHERE user_id = $1 AND course_id = $2 AND status IN ('pending', 'processing', 'requires_review')
        ORDER BY created_at DESC`,
      [userId, courseId],
    );
    return rows.map(toRecord);
  }

  /**
   * Payments completed in the last `days` that are due for a look at their refunds (never asked,
   * or not within `recheckAfterSeconds`), least recently asked first; each is stamped as asked.
   */
  async claimCompletedWithin(days: number, recheckAfterSeconds: number, limit: number): Promise<PaymentRecord[]> {
    return this.claim(
      `status = 'completed' AND completed_at > now() - make_interval(days => $1)
         AND (last_checked_at IS NULL OR last_checked_at <= now() - make_interval(secs => $2))`,
      [days, recheckAfterSeconds],
      limit,
    );
  }

  /**
   * Course checkouts reconciliation is due to look at, least recently asked first (never asked
   * first of all, oldest first among those), each stamped as asked: pending, processing and
   * failed ones with a provider checkout, started `olderThanSeconds` ago; and pending ones whose
   * request died before any provider checkout was stored. One asked within `recheckAfterSeconds`
   * waits.
   */
  async claimDueCheckouts(query: DueCheckoutsQuery): Promise<PaymentRecord[]> {
    return this.claim(
      `status IN ('pending', 'processing', 'failed') AND kind = 'course'
         AND (last_checked_at IS NULL OR last_checked_at <= now() - make_interval(secs => $2))
         AND CASE WHEN provider_session_id IS NULL AND provider_payment_id IS NULL
                  THEN status = 'pending' AND created_at < now() - make_interval(secs => $3)
                  ELSE created_at < now() - make_interval(secs => $1) END`,
      [query.olderThanSeconds, query.recheckAfterSeconds, query.crashedAfterSeconds],
      query.limit,
    );
  }

  /**
   * Takes up to `limit` payments matching `where` in rotation order and stamps them as asked now,
   * in one statement; rows another process holds locked (being settled, or taken by another run)
   * are skipped.
   */
  private async claim(where: string, params: unknown[], limit: number): Promise<PaymentRecord[]> {
    const rows = await this.sql.query<PaymentRow>(
      `WITH due AS (
         SELECT id, last_checked_at AS previous_check FROM payments
          WHERE ${where}
          ORDER BY last_checked_at NULLS FIRST, created_at
          LIMIT $${params.length + 1}
          FOR UPDATE SKIP LOCKED
       ), stamped AS (
         UPDATE payments p SET last_checked_at = now() FROM due WHERE p.id = due.id
         RETURNING ${P_PAYMENT_COLUMNS}, due.previous_check
       )
       SELECT * FROM stamped ORDER BY previous_check NULLS FIRST, created_at`,
      [...params, limit],
    );
    return rows.map(toRecord);
  }

  /** A pending checkout that has no provider checkout yet, with what its create call is built from. */
  async findCheckoutToResume(id: string): Promise<CheckoutToResume | undefined> {
    const rows = await this.sql.query<PaymentRow & { course_title: string; provider_payment_method_id: string | null }>(
      `SELECT ${P_PAYMENT_COLUMNS}, c.title AS course_title, m.provider_payment_method_id
         FROM payments p
         JOIN courses c ON c.id = p.course_id
         LEFT JOIN payment_methods m ON m.id = p.payment_method_id
        WHERE p.id = $1 AND p.status = 'pending' AND p.provider_session_id IS NULL AND p.provider_payment_id IS NULL`,
      [id],
    );
    const row = rows[0];
    return (
      row && {
        payment: toRecord(row),
        courseTitle: row.course_title,
        providerPaymentMethodId: row.provider_payment_method_id,
      }
    );
  }

  /**
   * Locks the payment an event points at, until the caller's transaction ends. Our own id wins
   * over provider references when both are present.
   */
  async lockForSettlement(
    provider: ProviderName,
    ref: PaymentRef,
    paymentId: string | null,
  ): Promise<SettlementPayment | undefined> {
    const rows = await this.sql.prepared<SettlementRow>(
      'payment_lock_by_ref',
      `SELECT id, user_id, kind, course_id, status, amount, currency, last_event_at, completed_at,
              provider_session_id, provider_payment_id, failure_code, failure_reason, review_reason,
              confirmed_amount, confirmed_currency
         FROM payments
        WHERE provider = $1 AND (id = $2::uuid OR provider_session_id = $3 OR provider_payment_id = $4)
        ORDER BY (id = $2::uuid) DESC NULLS LAST
        LIMIT 1
        FOR UPDATE`,
      [provider, paymentId, ref.providerSessionId ?? null, ref.providerPaymentId ?? null],
    );
    const row = rows[0];
    return row && toSettlement(row);
  }

  /**
   * Stores a transition decided by the domain, with the enrollment it grants (nothing when the
   * course is already owned: `enrolled` is then false, and the caller refunds the duplicate) and its audit entry, in one round trip on the hot path.
   */
  async recordTransition(
    paymentId: string,
    transition: PaymentTransition,
    audit: AuditFacts,
    buyer: BuyerDetails | null = null,
  ): Promise<{ enrolled: boolean }> {
    const rows = await this.sql.prepared<{ enrolled: boolean }>(
      'payment_record_transition',
      `WITH updated AS (
         UPDATE payments SET
           status = $2, last_event_at = $3, completed_at = $4, failure_code = $5, failure_reason = $6,
           review_reason = $7, provider_session_id = $8, provider_payment_id = $9,
           -- Set by the move to review only; what the provider confirmed stays with the payment.
           confirmed_amount = COALESCE($15::bigint, confirmed_amount),
           confirmed_currency = COALESCE($16::char(3), confirmed_currency),
           version = version + 1, updated_at = now(),
           buyer_details = COALESCE($13::jsonb, buyer_details)
         WHERE id = $1
         RETURNING id, user_id, kind, course_id, amount, currency
       ), invoiced AS (
         -- The sale's invoice, to be numbered by the issuing job: no shared counter on this path.
         INSERT INTO invoices (kind, user_id, payment_id, amount, currency)
         SELECT 'invoice', user_id, id, amount, currency FROM updated WHERE $2 = 'completed'
         ON CONFLICT DO NOTHING
       ), receipted AS (
         -- The course sale's receipt, sent by the outbox after this commits; its key (emailKeys.receipt)
         -- makes every later sighting of the sale (duplicates, replays, reconciliation) meet this row.
         INSERT INTO email_outbox (idempotency_key, kind, user_id, payment_id)
         SELECT 'receipt:' || id, 'purchase_receipt', user_id, id FROM updated
          WHERE $2 = 'completed' AND kind = 'course'
         ON CONFLICT (idempotency_key) DO NOTHING
       ), enrolled AS (
         INSERT INTO enrollments (user_id, course_id, payment_id, source, status_cause)
         SELECT user_id, course_id, id, 'purchase', 'payment:' || id FROM updated WHERE $10::boolean
         ON CONFLICT DO NOTHING
         RETURNING id
       ), audited AS (
         INSERT INTO audit_logs (actor, actor_user_id, action, entity_type, entity_id, data)
         SELECT $11, $14::uuid, 'payment.' || $2, 'payment', id::text,
                $12::jsonb || jsonb_build_object('enrolled', (SELECT count(*) > 0 FROM enrolled))
           FROM updated
       )
       SELECT (SELECT count(*) > 0 FROM enrolled) AS enrolled`,
      [
        paymentId,
        transition.status,
        transition.lastEventAt,
        transition.completedAt,
        transition.failureCode,
        transition.failureReason,
        transition.reviewReason,
        transition.providerSessionId,
        transition.providerPaymentId,
        transition.grantsEnrollment,
        audit.actor,
        JSON.stringify(audit.data),
        buyer && JSON.stringify(buyer),
        audit.actorUserId ?? null,
        transition.confirmedAmount?.amount ?? null,
        transition.confirmedAmount?.currency ?? null,
      ],
    );
    return { enrolled: rows[0]?.enrolled ?? false };
  }

  /**
   * Records a paid cycle once, however often and in whatever order its events come: the first
   * event inserts the completed payment with its invoice request and audit entry; later ones
   * only fill what it lacked (Stripe's PaymentIntent arrives with `invoice_payment.paid`).
   */
  async recordCyclePayment(input: NewCyclePayment, audit: AuditFacts): Promise<{ id: string; inserted: boolean }> {
    const rows = await this.sql.query<{ id: string; inserted: boolean }>(
      `WITH inserted AS (
         INSERT INTO payments (user_id, kind, subscription_id, provider, status, amount, currency,
                               provider_session_id, provider_payment_id, completed_at, last_event_at,
                               tax_amount, tax_rate_bp, prices_include_tax, buyer_details)
         VALUES ($1, 'subscription', $2, $3, 'completed', $4, $5, $6, $7, $8, $8, $9, $10, $11, $12::jsonb)
         ON CONFLICT (provider, provider_session_id) DO NOTHING
         RETURNING id, user_id, amount, currency
       ), invoiced AS (
         INSERT INTO invoices (kind, user_id, payment_id, amount, currency)
         SELECT 'invoice', user_id, id, amount, currency FROM inserted
         ON CONFLICT DO NOTHING
       ), audited AS (
         INSERT INTO audit_logs (actor, action, entity_type, entity_id, data)
         SELECT $13, 'payment.completed', 'payment', id::text, $14::jsonb FROM inserted
       ), filled AS (
         UPDATE payments SET provider_payment_id = COALESCE(provider_payment_id, $7),
                buyer_details = COALESCE(buyer_details, $12::jsonb), updated_at = now()
          WHERE provider = $3 AND provider_session_id = $6 AND NOT EXISTS (SELECT 1 FROM inserted)
            AND (provider_payment_id IS NULL AND $7::text IS NOT NULL OR buyer_details IS NULL AND $12::jsonb IS NOT NULL)
         RETURNING id
       )
       SELECT id, true AS inserted FROM inserted
       UNION ALL SELECT id, false FROM payments
        WHERE provider = $3 AND provider_session_id = $6 AND NOT EXISTS (SELECT 1 FROM inserted)`,
      [
        input.userId,
        input.subscriptionId,
        input.provider,
        input.amount.amount,
        input.amount.currency,
        input.providerInvoiceId,
        input.providerPaymentId,
        input.paidAt,
        input.tax.tax,
        input.tax.rateBasisPoints,
        input.tax.pricesIncludeTax,
        input.buyer && JSON.stringify(input.buyer),
        audit.actor,
        JSON.stringify(audit.data),
      ],
    );
    return rows[0]!;
  }

  /** A cycle payment by the provider's invoice id, for events that name only the invoice. */
  async findCyclePayment(provider: ProviderName, providerInvoiceId: string): Promise<PaymentRecord | undefined> {
    return this.findBySession(provider, providerInvoiceId);
  }

  /** Fills a cycle payment's PaymentIntent when an event that names only the invoice brings it. */
  async fillCyclePaymentId(paymentId: string, providerPaymentId: string): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE payments SET provider_payment_id = $2, updated_at = now()
        WHERE id = $1 AND provider_payment_id IS NULL RETURNING id`,
      [paymentId, providerPaymentId],
    );
    return rows.length > 0;
  }

  /**
   * Fills provider references and buyer details an event taught us, without a transition (Stripe's
   * `checkout.session.completed` carries the billing address even when `payment_intent.succeeded`
   * completed the sale first).
   */
  async fillReferences(
    paymentId: string,
    refs: { providerSessionId: string | null; providerPaymentId: string | null },
    buyer: BuyerDetails | null = null,
  ): Promise<void> {
    await this.sql.query(
      `UPDATE payments SET provider_session_id = $2, provider_payment_id = $3,
              buyer_details = COALESCE($4::jsonb, buyer_details)
        WHERE id = $1`,
      [paymentId, refs.providerSessionId, refs.providerPaymentId, buyer && JSON.stringify(buyer)],
    );
  }
}

function toRecord(row: PaymentRow): PaymentRecord {
  return {
    id: row.id,
    userId: row.user_id,
    kind: row.kind,
    courseId: row.course_id,
    provider: row.provider,
    status: row.status,
    amount: moneyFromRow(row.amount, row.currency),
    providerSessionId: row.provider_session_id,
    providerPaymentId: row.provider_payment_id,
    checkoutUrl: row.checkout_url,
    paymentMethodId: row.payment_method_id,
    lastEventAt: row.last_event_at && new Date(row.last_event_at),
    createdAt: new Date(row.created_at),
  };
}

function toSettlement(row: SettlementRow): SettlementPayment {
  return {
    id: row.id,
    userId: row.user_id,
    kind: row.kind,
    courseId: row.course_id,
    status: row.status,
    expected: moneyFromRow(row.amount, row.currency),
    confirmed:
      row.confirmed_amount !== null && row.confirmed_currency !== null
        ? moneyFromRow(row.confirmed_amount, row.confirmed_currency)
        : null,
    lastEventAt: row.last_event_at,
    completedAt: row.completed_at,
    providerSessionId: row.provider_session_id,
    providerPaymentId: row.provider_payment_id,
    failureCode: row.failure_code,
    failureReason: row.failure_reason,
    reviewReason: row.review_reason,
  };
}
