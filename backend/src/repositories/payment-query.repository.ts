import type { Money } from '../domain/money';
import type { PaymentStatus, ProviderName } from '../domain/payments/payment-status';
import { moneyFromRow, normalizeDecimal } from './row-mapping';
import type { SqlRunner } from './sql-runner';

/** What the payment pages read: the payment and its course (refunds and disputes are read beside it). */
export interface PaymentSummary {
  id: string;
  userId: string;
  provider: ProviderName;
  status: PaymentStatus;
  amount: Money;
  /** What the provider confirmed when it differed from `amount` (set when the payment went to review). */
  confirmedAmount: Money | null;
  course: { id: string; title: string } | null;
  /** What a subscription cycle paid for. */
  subscription: { id: string; planName: string } | null;
  failureCode: string | null;
  failureReason: string | null;
  exchangeRate: string | null;
  /** The rate a converted price used, with where it came from and when it came into force. */
  conversion: { rate: string; source: string | null; validFrom: Date | null; from: Money } | null;
  createdAt: Date;
  completedAt: Date | null;
  /** PostgreSQL's own text form of created_at (microseconds kept), for keyset cursors. */
  createdAtText: string;
}

export interface PaymentPageQuery {
  userId?: string;
  /** The cycles of one subscription. */
  subscriptionId?: string;
  status?: PaymentStatus;
  /** The (created_at text, id) of the last row of the previous page. */
  after?: { createdAt: string; id: string };
  limit: number;
}

export interface SummaryRow {
  id: string;
  user_id: string;
  provider: ProviderName;
  status: PaymentStatus;
  amount: string;
  currency: string;
  confirmed_amount: string | null;
  confirmed_currency: string | null;
  course_id: string | null;
  course_title: string | null;
  subscription_id: string | null;
  plan_name: string | null;
  failure_code: string | null;
  failure_reason: string | null;
  exchange_rate: string | null;
  exchange_rate_source: string | null;
  exchange_rate_valid_from: Date | null;
  base_amount: string | null;
  base_currency: string | null;
  created_at: Date;
  completed_at: Date | null;
  created_at_text: string;
}

/** The columns `toSummary` reads, for other read models that select a summary beside their own columns. */
export const SUMMARY_COLUMNS = `p.id, p.user_id, p.provider, p.status, p.amount, p.currency, p.confirmed_amount,
    p.confirmed_currency, p.course_id, c.title AS course_title, p.subscription_id, pl.name AS plan_name, p.failure_code,
    p.failure_reason, p.exchange_rate::text AS exchange_rate, p.exchange_rate_source, p.exchange_rate_valid_from,
    p.base_amount, p.base_currency, p.created_at, p.completed_at, p.created_at::text AS created_at_text`;

/** The joins SUMMARY_COLUMNS needs, payments aliased `p`. */
export const SUMMARY_FROM = `FROM payments p LEFT JOIN courses c ON c.id = p.course_id
  LEFT JOIN subscriptions s ON s.id = p.subscription_id LEFT JOIN plans pl ON pl.id = s.plan_id`;

const SUMMARY_SELECT = `SELECT ${SUMMARY_COLUMNS} ${SUMMARY_FROM}`;

/** Read side of payments: single views and keyset-paginated history. */
export class PaymentQueryRepository {
  constructor(private readonly sql: SqlRunner) {}

  async findSummary(id: string): Promise<PaymentSummary | undefined> {
    const rows = await this.sql.query<SummaryRow>(`${SUMMARY_SELECT} WHERE p.id = $1`, [id]);
    return rows[0] && toSummary(rows[0]);
  }

  /** Newest first, by (created_at, id): stable under concurrent inserts, no OFFSET scans. Fetches limit + 1. */
  async page(query: PaymentPageQuery): Promise<PaymentSummary[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.userId) {
      params.push(query.userId);
      where.push(`p.user_id = $${params.length}`);
    }
    if (query.subscriptionId) {
      params.push(query.subscriptionId);
      where.push(`p.subscription_id = $${params.length}`);
    }
    if (query.status) {
      params.push(query.status);
      where.push(`p.status = $${params.length}`);
    }
    if (query.after) {
      params.push(query.after.createdAt, query.after.id);
      where.push(`(p.created_at, p.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(query.limit + 1);
    const rows = await this.sql.query<SummaryRow>(
      `${SUMMARY_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY p.created_at DESC, p.id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toSummary);
  }
}

export function toSummary(row: SummaryRow): PaymentSummary {
  return {
    id: row.id,
    userId: row.user_id,
    provider: row.provider,
    status: row.status,
    amount: moneyFromRow(row.amount, row.currency),
    confirmedAmount:
      row.confirmed_amount !== null && row.confirmed_currency !== null
        ? moneyFromRow(row.confirmed_amount, row.confirmed_currency)
        : null,
    course: row.course_id ? { id: row.course_id, title: row.course_title ?? '' } : null,
    subscription: row.subscription_id ? { id: row.subscription_id, planName: row.plan_name ?? '' } : null,
    failureCode: row.failure_code,
    failureReason: row.failure_reason,
    exchangeRate: row.exchange_rate ? normalizeDecimal(row.exchange_rate) : null,
    conversion:
      row.exchange_rate && row.base_amount !== null && row.base_currency
        ? {
            rate: normalizeDecimal(row.exchange_rate),
            source: row.exchange_rate_source,
            validFrom: row.exchange_rate_valid_from ? new Date(row.exchange_rate_valid_from) : null,
            from: moneyFromRow(row.base_amount, row.base_currency),
          }
        : null,
    createdAt: new Date(row.created_at),
    completedAt: row.completed_at ? new Date(row.completed_at) : null,
    createdAtText: row.created_at_text,
  };
}
