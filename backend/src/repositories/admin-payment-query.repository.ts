import { DISPUTE_STATES, isOpenDispute } from '../domain/disputes/dispute-state-machine';
import type { DisputeState, RefundState } from '../domain/events/domain-event';
import type { Money } from '../domain/money';
import type { PaymentLabel } from '../domain/payments/payment-label';
import { PROVIDERS, type PaymentStatus, type ProviderName } from '../domain/payments/payment-status';
import { moneyFromRow } from './row-mapping';
import type { SqlRunner } from './sql-runner';

export type AdminPaymentSort = 'created_desc' | 'created_asc';

/** The admin payments search; every filter is optional and they all hold together. */
export interface AdminPaymentSearch {
  /** Case-insensitive substring of the buyer's email or name. */
  q?: string;
  status?: PaymentStatus;
  label?: PaymentLabel;
  provider?: ProviderName;
  currency?: string;
  /** created_at >= this instant (PostgreSQL timestamptz text). */
  createdFrom?: string;
  /** created_at < this instant. */
  createdBefore?: string;
  /** Minor units, inclusive. */
  minAmount?: number;
  maxAmount?: number;
  /** An exact reference; `paymentId` is set when the value can be one of our payment ids. */
  reference?: { value: string; paymentId: string | null };
  sort: AdminPaymentSort;
  /** The (created_at text, id) of the last row of the previous page. */
  after?: { createdAt: string; id: string };
  limit: number;
}

export interface AdminPaymentListRow {
  id: string;
  user: { id: string; email: string; name: string };
  provider: ProviderName;
  status: PaymentStatus;
  amount: Money;
  course: { id: string; title: string } | null;
  subscription: { id: string; planName: string } | null;
  providerSessionId: string | null;
  providerPaymentId: string | null;
  createdAt: Date;
  completedAt: Date | null;
  /** PostgreSQL's own text form of created_at (microseconds kept), for keyset cursors. */
  createdAtText: string;
  /** The label as the search derives it in SQL (what `label=` filters on). */
  label: PaymentLabel;
}

/** What only an admin sees of one payment, beside its ordinary view. */
export interface AdminPaymentFacts {
  id: string;
  kind: 'course' | 'subscription';
  user: { id: string; email: string; name: string };
  provider: ProviderName;
  amount: Money;
  providerSessionId: string | null;
  providerPaymentId: string | null;
  reviewReason: string | null;
  confirmedAmount: Money | null;
  createdAt: Date;
}

/** An inbox row about a payment, without its payload. */
export interface InboxEntry {
  id: string;
  provider: ProviderName;
  eventId: string;
  type: string;
  status: string;
  attempts: number;
  lastError: string | null;
  receivedAt: Date;
  providerCreatedAt: Date | null;
}

export interface AuditRecord {
  id: string;
  actor: string;
  actorUserId: string | null;
  /** The acting user's email, when the entry names a user. */
  actorEmail: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data: Record<string, unknown>;
  createdAt: Date;
}

/** What the audit trail of a payment is looked up by. */
export interface AuditSubjects {
  paymentId: string;
  refundIds: readonly string[];
  disputeIds: readonly string[];
  enrollmentId: string | null;
}

export interface PurchaseGrant {
  id: string;
  status: string;
  createdAt: Date;
}

/**
 * The facts paymentLabel reads, as parameters of the SQL that mirrors it: which dispute states
 * count as lost and as open, and which refund states as refunded (refundBalance's rule).
 */
const LOST_DISPUTE_STATES: readonly DisputeState[] = ['lost'];
const OPEN_DISPUTE_STATES: readonly DisputeState[] = DISPUTE_STATES.filter(isOpenDispute);
const REFUNDED_STATES: readonly RefundState[] = ['succeeded'];

/** paymentLabel (domain/payments/payment-label.ts) in SQL, over $1 lost, $2 open, $3 refunded states. */
const LABEL = `CASE WHEN p.status <> 'completed' THEN p.status::text ELSE (
    SELECT CASE
      WHEN EXISTS (SELECT 1 FROM disputes d WHERE d.payment_id = p.id AND d.status = ANY($1::text[])) THEN 'dispute_lost'
      WHEN EXISTS (SELECT 1 FROM disputes d WHERE d.payment_id = p.id AND d.status = ANY($2::text[])) THEN 'disputed'
      WHEN rf.refunded >= p.amount THEN 'refunded'
      WHEN rf.refunded > 0 THEN 'partially_refunded'
      ELSE 'completed' END
      FROM (SELECT COALESCE(sum(r.amount), 0) AS refunded FROM refunds r
             WHERE r.payment_id = p.id AND r.status = ANY($3::text[])) rf
  ) END`;

interface ListRow {
  id: string;
  user_id: string;
  user_email: string;
  user_name: string;
  provider: ProviderName;
  status: PaymentStatus;
  amount: string;
  currency: string;
  course_id: string | null;
  course_title: string | null;
  subscription_id: string | null;
  plan_name: string | null;
  provider_session_id: string | null;
  provider_payment_id: string | null;
  created_at: Date;
  completed_at: Date | null;
  created_at_text: string;
  label: PaymentLabel;
}

/** LIKE's wildcards and its escape character, taken literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}

/** The admin console's read side of payments: the search, and what one payment's page gathers. */
export class AdminPaymentQueryRepository {
  constructor(private readonly sql: SqlRunner) {}

  /** Newest (or oldest) first by (created_at, id), keyset-paginated. Fetches limit + 1. */
  async search(query: AdminPaymentSearch): Promise<AdminPaymentListRow[]> {
    const params: unknown[] = [LOST_DISPUTE_STATES, OPEN_DISPUTE_STATES, REFUNDED_STATES];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [];
    if (query.q !== undefined) {
      const pattern = param(likePattern(query.q));
      where.push(`(u.email ILIKE ${pattern} ESCAPE '\\' OR u.name ILIKE ${pattern} ESCAPE '\\')`);
    }
    if (query.status) where.push(`p.status = ${param(query.status)}`);
    if (query.label) where.push(`lb.label = ${param(query.label)}`);
    if (query.provider) where.push(`p.provider = ${param(query.provider)}`);
    if (query.currency) where.push(`p.currency = ${param(query.currency)}`);
    if (query.createdFrom) where.push(`p.created_at >= ${param(query.createdFrom)}::timestamptz`);
    if (query.createdBefore) where.push(`p.created_at < ${param(query.createdBefore)}::timestamptz`);
    if (query.minAmount !== undefined) where.push(`p.amount >= ${param(query.minAmount)}::bigint`);
    if (query.maxAmount !== undefined) where.push(`p.amount <= ${param(query.maxAmount)}::bigint`);
    if (query.reference) {
      // One index lookup per place a reference can live, instead of a scan testing each row.
      const value = param(query.reference.value);
      const providers = param(PROVIDERS);
      const paymentId = param(query.reference.paymentId);
      where.push(`p.id IN (
        SELECT id FROM payments WHERE provider = ANY(${providers}::varchar[]) AND provider_session_id = ${value}
        UNION ALL SELECT id FROM payments WHERE provider = ANY(${providers}::varchar[]) AND provider_payment_id = ${value}
        UNION ALL SELECT payment_id FROM refunds WHERE provider = ANY(${providers}::varchar[]) AND provider_refund_id = ${value}
        UNION ALL SELECT payment_id FROM disputes WHERE provider = ANY(${providers}::varchar[]) AND provider_dispute_id = ${value}
        UNION ALL SELECT payment_id FROM invoices WHERE number = ${value}
        UNION ALL SELECT ${paymentId}::uuid WHERE ${paymentId}::uuid IS NOT NULL)`);
    }
    const ascending = query.sort === 'created_asc';
    if (query.after) {
      const at = param(query.after.createdAt);
      const id = param(query.after.id);
      where.push(`(p.created_at, p.id) ${ascending ? '>' : '<'} (${at}::timestamptz, ${id}::uuid)`);
    }
    const direction = ascending ? 'ASC' : 'DESC';
    const limit = param(query.limit + 1);
    const rows = await this.sql.query<ListRow>(
      `SELECT p.id, p.user_id, u.email AS user_email, u.name AS user_name, p.provider, p.status, p.amount, p.currency,
              p.course_id, c.title AS course_title, p.subscription_id, pl.name AS plan_name,
              p.provider_session_id, p.provider_payment_id, p.created_at, p.completed_at,
              p.created_at::text AS created_at_text, lb.label
         FROM payments p
         JOIN users u ON u.id = p.user_id
         LEFT JOIN courses c ON c.id = p.course_id
         LEFT JOIN subscriptions s ON s.id = p.subscription_id
         LEFT JOIN plans pl ON pl.id = s.plan_id
         CROSS JOIN LATERAL (SELECT ${LABEL} AS label) lb
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY p.created_at ${direction}, p.id ${direction}
        LIMIT ${limit}`,
      params,
    );
    return rows.map(toListRow);
  }

  async facts(id: string): Promise<AdminPaymentFacts | undefined> {
    const rows = await this.sql.query<{
      id: string;
      kind: 'course' | 'subscription';
      user_id: string;
      user_email: string;
      user_name: string;
      provider: ProviderName;
      amount: string;
      currency: string;
      provider_session_id: string | null;
      provider_payment_id: string | null;
      review_reason: string | null;
      confirmed_amount: string | null;
      confirmed_currency: string | null;
      created_at: Date;
    }>(
      `SELECT p.id, p.kind, p.user_id, u.email AS user_email, u.name AS user_name, p.provider, p.amount, p.currency,
              p.provider_session_id, p.provider_payment_id, p.review_reason, p.confirmed_amount, p.confirmed_currency,
              p.created_at
         FROM payments p JOIN users u ON u.id = p.user_id
        WHERE p.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      kind: row.kind,
      user: { id: row.user_id, email: row.user_email, name: row.user_name },
      provider: row.provider,
      amount: moneyFromRow(row.amount, row.currency),
      providerSessionId: row.provider_session_id,
      providerPaymentId: row.provider_payment_id,
      reviewReason: row.review_reason,
      confirmedAmount:
        row.confirmed_amount !== null && row.confirmed_currency !== null
          ? moneyFromRow(row.confirmed_amount, row.confirmed_currency)
          : null,
      createdAt: new Date(row.created_at),
    };
  }

  /** Inbox rows whose subjects share an id with `subjects`, oldest first (GIN index on subjects). */
  async inboxEntries(subjects: readonly string[], limit: number): Promise<InboxEntry[]> {
    if (subjects.length === 0) return [];
    const rows = await this.sql.query<{
      id: string;
      provider: ProviderName;
      event_id: string;
      type: string;
      status: string;
      attempts: number;
      last_error: string | null;
      received_at: Date;
      provider_created_at: Date | null;
    }>(
      `SELECT id, provider, event_id, type, status, attempts, last_error, received_at, provider_created_at
         FROM webhook_events WHERE subjects && $1::text[]
        ORDER BY received_at, id LIMIT $2`,
      [subjects, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      provider: r.provider,
      eventId: r.event_id,
      type: r.type,
      status: r.status,
      attempts: r.attempts,
      lastError: r.last_error,
      receivedAt: new Date(r.received_at),
      providerCreatedAt: r.provider_created_at ? new Date(r.provider_created_at) : null,
    }));
  }

  /**
   * The audit entries about a payment, oldest first: on the payment, its refunds, its disputes
   * and its enrollment, and any other entry naming it in `data.paymentId`. Each arm has an index
   * (the last a partial one on entries that carry a payment id), so the log is never read whole.
   */
  async auditTrail(subjects: AuditSubjects, limit: number): Promise<AuditRecord[]> {
    const rows = await this.sql.query<{
      id: string;
      actor: string;
      actor_user_id: string | null;
      actor_email: string | null;
      action: string;
      entity_type: string;
      entity_id: string;
      data: Record<string, unknown> | null;
      created_at: Date;
    }>(
      `SELECT a.id::text AS id, a.actor, a.actor_user_id, u.email AS actor_email, a.action, a.entity_type,
              a.entity_id, a.data, a.created_at
         FROM audit_logs a LEFT JOIN users u ON u.id = a.actor_user_id
        WHERE (a.entity_type = 'payment' AND a.entity_id = $1::varchar)
           OR (a.entity_type = 'refund' AND a.entity_id = ANY($2::varchar[]))
           OR (a.entity_type = 'dispute' AND a.entity_id = ANY($3::varchar[]))
           OR (a.entity_type = 'enrollment' AND a.entity_id = $4::varchar)
           OR (a.data ? 'paymentId' AND a.data->>'paymentId' = $1)
        ORDER BY a.created_at, a.id LIMIT $5`,
      [subjects.paymentId, subjects.refundIds, subjects.disputeIds, subjects.enrollmentId, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      actor: r.actor,
      actorUserId: r.actor_user_id,
      actorEmail: r.actor_email,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      data: r.data ?? {},
      createdAt: new Date(r.created_at),
    }));
  }

  /** The enrollment a purchase granted, with when it was granted. */
  async grant(paymentId: string): Promise<PurchaseGrant | undefined> {
    const rows = await this.sql.query<{ id: string; status: string; created_at: Date }>(
      `SELECT id, status, created_at FROM enrollments WHERE payment_id = $1`,
      [paymentId],
    );
    const row = rows[0];
    return row && { id: row.id, status: row.status, createdAt: new Date(row.created_at) };
  }
}

function toListRow(row: ListRow): AdminPaymentListRow {
  return {
    id: row.id,
    user: { id: row.user_id, email: row.user_email, name: row.user_name },
    provider: row.provider,
    status: row.status,
    amount: moneyFromRow(row.amount, row.currency),
    course: row.course_id ? { id: row.course_id, title: row.course_title ?? '' } : null,
    subscription: row.subscription_id ? { id: row.subscription_id, planName: row.plan_name ?? '' } : null,
    providerSessionId: row.provider_session_id,
    providerPaymentId: row.provider_payment_id,
    createdAt: new Date(row.created_at),
    completedAt: row.completed_at ? new Date(row.completed_at) : null,
    createdAtText: row.created_at_text,
    label: row.label,
  };
}
