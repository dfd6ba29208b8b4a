import type { SubscriptionRef } from '../domain/events/domain-event';
import type { TaxRule } from '../domain/invoices/tax';
import type { Money } from '../domain/money';
import type { ProviderName } from '../domain/payments/payment-status';
import { LIVE_SUBSCRIPTION_STATES, type SubscriptionState } from '../domain/subscriptions/subscription-state-machine';
import type { PaymentProblem, SubscriptionFacts } from '../domain/subscriptions/subscription-change';
import { escapeLike } from './like-pattern';
import { moneyFromRow } from './row-mapping';
import type { SqlRunner } from './sql-runner';

export type { PaymentProblem, SubscriptionFacts };

export type CancelRequest = 'period_end' | 'now';

export interface SubscriptionRecord {
  id: string;
  userId: string;
  planId: string;
  plan: { slug: string; name: string; interval: 'month' | 'year' };
  provider: ProviderName;
  providerSubscriptionId: string | null;
  providerSessionId: string | null;
  checkoutUrl: string | null;
  status: SubscriptionState;
  price: Money;
  tax: TaxRule;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  cancelRequested: CancelRequest | null;
  canceledAt: Date | null;
  trialEnd: Date | null;
  pastDueSince: Date | null;
  accessEndsAt: Date | null;
  paymentProblem: PaymentProblem | null;
  lastPaymentAt: Date | null;
  lastEventAt: Date | null;
  createdAt: Date;
}

/** A subscription in the admin's list, with its subscriber. */
export interface SubscriptionListEntry {
  record: SubscriptionRecord;
  user: { id: string; email: string; name: string };
  /** PostgreSQL's text form of created_at, for keyset cursors. */
  createdAtText: string;
}

export interface SubscriptionPageQuery {
  status?: SubscriptionState;
  provider?: ProviderName;
  /** Case-insensitive substring of the subscriber's email or name. */
  q?: string;
  after?: { createdAt: string; id: string };
  limit: number;
}

export interface NewSubscription {
  userId: string;
  planId: string;
  provider: ProviderName;
  price: Money;
  tax: TaxRule;
}

interface SubscriptionRow {
  id: string;
  user_id: string;
  plan_id: string;
  plan_slug: string;
  plan_name: string;
  plan_interval: 'month' | 'year';
  provider: ProviderName;
  provider_subscription_id: string | null;
  provider_session_id: string | null;
  checkout_url: string | null;
  status: SubscriptionState;
  amount: string;
  currency: string;
  tax_rate_bp: number;
  prices_include_tax: boolean;
  current_period_start: Date | null;
  current_period_end: Date | null;
  cancel_at_period_end: boolean;
  cancel_requested: CancelRequest | null;
  canceled_at: Date | null;
  trial_end: Date | null;
  past_due_since: Date | null;
  access_ends_at: Date | null;
  payment_problem: PaymentProblem | null;
  last_payment_at: Date | null;
  last_event_at: Date | null;
  created_at: Date;
}

const COLUMNS = `s.id, s.user_id, s.plan_id, p.slug AS plan_slug, p.name AS plan_name,
    p.interval AS plan_interval, s.provider, s.provider_subscription_id, s.provider_session_id, s.checkout_url,
    s.status, s.amount, s.currency, s.tax_rate_bp, s.prices_include_tax, s.current_period_start, s.current_period_end,
    s.cancel_at_period_end, s.cancel_requested, s.canceled_at, s.trial_end, s.past_due_since, s.access_ends_at,
    s.payment_problem, s.last_payment_at, s.last_event_at, s.created_at`;
const FROM = `FROM subscriptions s JOIN plans p ON p.id = s.plan_id`;
const SELECT = `SELECT ${COLUMNS} ${FROM}`;

const LIVE_LIST = LIVE_SUBSCRIPTION_STATES.map((s) => `'${s}'`).join(', ');
const LIVE = `s.status IN (${LIVE_LIST})`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The subscriptions aggregate: checkout rows, the locked read and write of its lifecycle, and its queries. */
export class SubscriptionRepository {
  constructor(private readonly sql: SqlRunner) {}

  async create(input: NewSubscription): Promise<SubscriptionRecord> {
    const rows = await this.sql.query<{ id: string }>(
      `INSERT INTO subscriptions (user_id, plan_id, provider, status, amount, currency, tax_rate_bp, prices_include_tax)
       VALUES ($1, $2, $3, 'incomplete', $4, $5, $6, $7) RETURNING id`,
      [
        input.userId,
        input.planId,
        input.provider,
        input.price.amount,
        input.price.currency,
        input.tax.rateBasisPoints,
        input.tax.pricesIncludeTax,
      ],
    );
    return (await this.findById(rows[0]!.id))!;
  }

  /** The provider's checkout for it (Stripe `cs_…`, PayPal `I-…` with its approval link). */
  async recordCheckout(id: string, checkout: { providerSessionId: string; checkoutUrl: string }): Promise<void> {
    await this.sql.query(
      `UPDATE subscriptions SET provider_session_id = $2, checkout_url = $3, updated_at = now() WHERE id = $1`,
      [id, checkout.providerSessionId, checkout.checkoutUrl],
    );
  }

  async findById(id: string): Promise<SubscriptionRecord | undefined> {
    if (!UUID.test(id)) return undefined;
    const rows = await this.sql.query<SubscriptionRow>(`${SELECT} WHERE s.id = $1`, [id]);
    return rows[0] && toRecord(rows[0]);
  }

  /** Newest first. */
  async listForUser(userId: string): Promise<SubscriptionRecord[]> {
    const rows = await this.sql.query<SubscriptionRow>(
      `${SELECT} WHERE s.user_id = $1 ORDER BY s.created_at DESC, s.id DESC LIMIT 100`,
      [userId],
    );
    return rows.map(toRecord);
  }

  /** Everyone's subscriptions for admins, newest first by (created_at, id); fetches limit + 1. */
  async page(query: SubscriptionPageQuery): Promise<SubscriptionListEntry[]> {
    const rows = await this.sql.query<
      SubscriptionRow & { user_email: string; user_name: string; created_at_text: string }
    >(
      `SELECT ${COLUMNS}, s.created_at::text AS created_at_text, u.email AS user_email, u.name AS user_name
         ${FROM} JOIN users u ON u.id = s.user_id
        WHERE ($1::varchar IS NULL OR s.status = $1)
          AND ($2::varchar IS NULL OR s.provider = $2)
          AND ($3::text IS NULL OR u.email ILIKE $3 OR u.name ILIKE $3)
          AND ($4::timestamptz IS NULL OR (s.created_at, s.id) < ($4::timestamptz, $5::uuid))
        ORDER BY s.created_at DESC, s.id DESC
        LIMIT $6`,
      [
        query.status ?? null,
        query.provider ?? null,
        query.q === undefined ? null : `%${escapeLike(query.q)}%`,
        query.after?.createdAt ?? null,
        query.after?.id ?? null,
        query.limit + 1,
      ],
    );
    return rows.map((row) => ({
      record: toRecord(row),
      user: { id: row.user_id, email: row.user_email, name: row.user_name },
      createdAtText: row.created_at_text,
    }));
  }

  /**
   * The subscriptions that may give the student access now: live ones, and canceled ones whose
   * paid period has not ended (PayPal). The first to go live first: a later one is a duplicate.
   */
  async withAccessCandidates(userId: string, now: Date): Promise<SubscriptionRecord[]> {
    const rows = await this.sql.query<SubscriptionRow>(
      `${SELECT} WHERE s.user_id = $1 AND (${LIVE} OR (s.status = 'canceled' AND s.access_ends_at > $2))
        ORDER BY s.live_since NULLS LAST, s.id`,
      [userId, now],
    );
    return rows.map(toRecord);
  }

  /** An unfinished checkout of the same plan, price and provider, to hand out again instead of a second one. */
  async openCheckout(
    userId: string,
    planId: string,
    price: Money,
    provider: ProviderName,
    since: Date,
  ): Promise<SubscriptionRecord | undefined> {
    const rows = await this.sql.query<SubscriptionRow>(
      `${SELECT} WHERE s.user_id = $1 AND s.plan_id = $2 AND s.amount = $3 AND s.currency = $4 AND s.provider = $5
          AND s.status = 'incomplete' AND s.checkout_url IS NOT NULL AND s.created_at > $6
        ORDER BY s.created_at DESC LIMIT 1`,
      [userId, planId, price.amount, price.currency, provider, since],
    );
    return rows[0] && toRecord(rows[0]);
  }

  /** The currencies of the student's subscriptions that reached the provider (Stripe locks a customer to one). */
  async billedCurrencies(userId: string, provider: ProviderName): Promise<string[]> {
    const rows = await this.sql.query<{ currency: string }>(
      `SELECT DISTINCT currency FROM subscriptions
        WHERE user_id = $1 AND provider = $2 AND provider_subscription_id IS NOT NULL`,
      [userId, provider],
    );
    return rows.map((r) => r.currency.trim());
  }

  /**
   * Locks the subscription an event points at until the caller's transaction ends: by our id
   * when the provider echoes it, else by the provider's id.
   */
  async lockByRef(provider: ProviderName, ref: SubscriptionRef): Promise<SubscriptionRecord | undefined> {
    const ours = ref.subscriptionId && UUID.test(ref.subscriptionId) ? ref.subscriptionId : null;
    const theirs = ref.providerSubscriptionId ?? null;
    if (!ours && !theirs) return undefined;
    const locked = await this.sql.query<{ id: string }>(
      `SELECT id FROM subscriptions
        WHERE provider = $1 AND (id = $2::uuid OR provider_subscription_id = $3)
        ORDER BY (id = $2::uuid) DESC NULLS LAST LIMIT 1
        FOR UPDATE`,
      [provider, ours, theirs],
    );
    return locked[0] && this.findById(locked[0].id);
  }

  async setProviderSubscriptionId(id: string, providerSubscriptionId: string): Promise<void> {
    await this.sql.query(
      `UPDATE subscriptions SET provider_subscription_id = $2, updated_at = now()
        WHERE id = $1 AND provider_subscription_id IS NULL`,
      [id, providerSubscriptionId],
    );
  }

  /** Stores a snapshot the domain accepted (status and facts). */
  async applyFacts(id: string, facts: SubscriptionFacts): Promise<void> {
    const has = (key: keyof SubscriptionFacts) => Object.hasOwn(facts, key) && facts[key] !== undefined;
    await this.sql.query(
      `UPDATE subscriptions SET status = $2, last_event_at = GREATEST(last_event_at, $3),
              current_period_start = CASE WHEN $4 THEN $5 ELSE current_period_start END,
              current_period_end = CASE WHEN $6 THEN $7 ELSE current_period_end END,
              cancel_at_period_end = CASE WHEN $8 THEN $9 ELSE cancel_at_period_end END,
              canceled_at = CASE WHEN $10 THEN $11 ELSE canceled_at END,
              trial_end = CASE WHEN $12 THEN $13 ELSE trial_end END,
              past_due_since = CASE WHEN $14 THEN $15 ELSE past_due_since END,
              access_ends_at = CASE WHEN $16 THEN $17 ELSE access_ends_at END,
              payment_problem = CASE WHEN $18 THEN $19::jsonb ELSE payment_problem END,
              live_since = CASE WHEN $2::varchar IN (${LIVE_LIST}) THEN COALESCE(live_since, $3) ELSE live_since END,
              updated_at = now()
        WHERE id = $1`,
      [
        id,
        facts.status,
        facts.lastEventAt,
        has('currentPeriodStart'),
        facts.currentPeriodStart ?? null,
        has('currentPeriodEnd'),
        facts.currentPeriodEnd ?? null,
        has('cancelAtPeriodEnd'),
        facts.cancelAtPeriodEnd ?? null,
        has('canceledAt'),
        facts.canceledAt ?? null,
        has('trialEnd'),
        facts.trialEnd ?? null,
        facts.pastDueSince !== undefined,
        facts.pastDueSince ?? null,
        facts.accessEndsAt !== undefined,
        facts.accessEndsAt ?? null,
        facts.paymentProblem !== undefined,
        facts.paymentProblem ? JSON.stringify(facts.paymentProblem) : null,
      ],
    );
  }

  /** A paid cycle: the problem (if older) is gone and the paid period may reach further. */
  async recordPaid(id: string, paidAt: Date, periodEnd: Date | null): Promise<void> {
    await this.sql.query(
      `UPDATE subscriptions SET last_payment_at = GREATEST(last_payment_at, $2),
              payment_problem = CASE WHEN payment_problem IS NULL
                                       OR date_trunc('second', (payment_problem->>'at')::timestamptz) <= $2
                                     THEN NULL ELSE payment_problem END,
              current_period_end = CASE WHEN $3::timestamptz > current_period_end OR current_period_end IS NULL
                                        THEN $3::timestamptz ELSE current_period_end END,
              updated_at = now()
        WHERE id = $1`,
      [id, paidAt, periodEnd],
    );
  }

  /** The last renewal's problem, as the domain decided (replacesProblem), under the row's lock. */
  async setPaymentProblem(id: string, problem: PaymentProblem): Promise<void> {
    await this.sql.query(`UPDATE subscriptions SET payment_problem = $2::jsonb, updated_at = now() WHERE id = $1`, [
      id,
      JSON.stringify(problem),
    ]);
  }

  /**
   * The student asked to cancel (or resume: null); returns the request's number, which keeps
   * the idempotency key of every request distinct (cancel, resume, cancel again).
   */
  async recordChangeRequest(id: string, cancelRequested: CancelRequest | null): Promise<number> {
    const rows = await this.sql.query<{ change_requests: number }>(
      `UPDATE subscriptions SET change_requests = change_requests + 1, cancel_requested = $2, updated_at = now()
        WHERE id = $1 RETURNING change_requests`,
      [id, cancelRequested],
    );
    return rows[0]?.change_requests ?? 0;
  }

  /**
   * The student's other live subscription that went live before this one (or at the same time
   * with a smaller id), if any: then this one is a duplicate. A subscription not live yet is a
   * duplicate of any live one.
   */
  async earlierLive(subscriptionId: string): Promise<string | undefined> {
    const rows = await this.sql.query<{ id: string }>(
      `SELECT o.id FROM subscriptions s JOIN subscriptions o ON o.user_id = s.user_id AND o.id <> s.id
        WHERE s.id = $1 AND o.status IN (${LIVE_LIST}) AND o.live_since IS NOT NULL
          AND (s.live_since IS NULL OR o.live_since < s.live_since OR (o.live_since = s.live_since AND o.id < s.id))
        ORDER BY o.live_since LIMIT 1`,
      [subscriptionId],
    );
    return rows[0]?.id;
  }

  /**
   * Subscriptions whose access may have run out by `now` while their enrollments still allow it:
   * past_due beyond the grace, canceled beyond the paid period. The access sweep settles them.
   */
  async accessLapsed(now: Date, graceDays: number, limit: number): Promise<SubscriptionRecord[]> {
    const rows = await this.sql.query<SubscriptionRow>(
      `${SELECT} WHERE ((s.status = 'past_due' AND s.past_due_since + make_interval(days => $2) <= $1)
                     OR (s.status IN ('canceled', 'expired', 'suspended')
                         AND COALESCE(s.access_ends_at, s.canceled_at, s.updated_at) <= $1))
          AND EXISTS (SELECT 1 FROM enrollments e WHERE e.subscription_id = s.id AND e.status = 'active')
        ORDER BY s.updated_at LIMIT $3`,
      [now, graceDays, limit],
    );
    return rows.map(toRecord);
  }

  /**
   * What reconciliation asks the provider about: live subscriptions whose period ends within a
   * day either side of now (a renewal or an end is due), past_due ones, and checkouts the
   * provider already knows that no event has completed after `staleBefore`.
   */
  async nearPeriodBoundary(now: Date, staleBefore: Date, limit: number): Promise<SubscriptionRecord[]> {
    const rows = await this.sql.query<SubscriptionRow>(
      `${SELECT} WHERE s.provider_subscription_id IS NOT NULL
          AND ((${LIVE} AND s.current_period_end BETWEEN $1::timestamptz - interval '1 day'
                                                   AND $1::timestamptz + interval '1 day')
               OR s.status = 'past_due'
               OR (s.status = 'incomplete' AND s.created_at < $2))
        ORDER BY s.current_period_end NULLS FIRST LIMIT $3`,
      [now, staleBefore, limit],
    );
    return rows.map(toRecord);
  }
}

function date(value: Date | null): Date | null {
  return value === null ? null : new Date(value);
}

function toRecord(row: SubscriptionRow): SubscriptionRecord {
  return {
    id: row.id,
    userId: row.user_id,
    planId: row.plan_id,
    plan: { slug: row.plan_slug, name: row.plan_name, interval: row.plan_interval },
    provider: row.provider,
    providerSubscriptionId: row.provider_subscription_id,
    providerSessionId: row.provider_session_id,
    checkoutUrl: row.checkout_url,
    status: row.status,
    price: moneyFromRow(row.amount, row.currency),
    tax: { rateBasisPoints: row.tax_rate_bp, pricesIncludeTax: row.prices_include_tax },
    currentPeriodStart: date(row.current_period_start),
    currentPeriodEnd: date(row.current_period_end),
    cancelAtPeriodEnd: row.cancel_at_period_end,
    cancelRequested: row.cancel_requested,
    canceledAt: date(row.canceled_at),
    trialEnd: date(row.trial_end),
    pastDueSince: date(row.past_due_since),
    accessEndsAt: date(row.access_ends_at),
    paymentProblem: row.payment_problem,
    lastPaymentAt: date(row.last_payment_at),
    lastEventAt: date(row.last_event_at),
    createdAt: new Date(row.created_at),
  };
}
