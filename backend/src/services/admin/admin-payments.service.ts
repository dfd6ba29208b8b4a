import type { PaymentStatus, ProviderName } from '../../domain/payments/payment-status';
import { paymentLabel, type PaymentLabel } from '../../domain/payments/payment-label';
import { refundBalance } from '../../domain/refunds/refund-balance';
import { NotFoundError, ValidationError, type ErrorDetail } from '../../errors/app-error';
import type {
  AdminPaymentListRow,
  AdminPaymentSearch,
  AdminPaymentSort,
} from '../../repositories/admin-payment-query.repository';
import type { DataStore } from '../../repositories/data-store';
import type { DisputeRecord } from '../../repositories/dispute.repository';
import type { RefundRecord } from '../../repositories/refund.repository';
import { isUuid } from '../ids';
import { decodeCursor, encodeCursor } from '../payments/history-cursor';
import { toPaymentView } from '../payments/payment-views';
import type { AdminPaymentDetail, AdminPaymentRow, Page } from './admin-views';
import { paymentTimeline } from './payment-timeline';

export type { AdminPaymentSort };

export const ADMIN_PAYMENT_SORTS = ['created_desc', 'created_asc'] as const satisfies readonly AdminPaymentSort[];

/** GET /api/admin/payments, as the route parsed it (formats checked, rules not yet). */
export interface AdminPaymentQuery {
  q?: string;
  status?: PaymentStatus;
  label?: PaymentLabel;
  provider?: ProviderName;
  /** Upper-case ISO code. */
  currency?: string;
  /** `YYYY-MM-DD` (the whole UTC day) or an ISO date-time with an offset (that instant). */
  from?: string;
  /** `YYYY-MM-DD` (up to the end of that UTC day) or an ISO date-time (exclusive). */
  to?: string;
  minAmount?: number;
  maxAmount?: number;
  reference?: string;
  sort: AdminPaymentSort;
  limit: number;
  cursor?: string;
}

/** Bounds on what one payment page gathers: far more than a real payment has. */
const TIMELINE_EVENTS_LIMIT = 500;
const TIMELINE_AUDIT_LIMIT = 1000;

/** The admin console's payments: the search, and one payment with its whole timeline. */
export class AdminPaymentsService {
  constructor(private readonly store: DataStore) {}

  /**
   * The cursor is a position (created_at, id), not tied to a sort: a cursor from one order
   * continues from that position in the order asked for.
   */
  async search(query: AdminPaymentQuery): Promise<Page<AdminPaymentRow>> {
    const search = toSearch(query);
    const rows = await this.store.repos.adminPayments.search(search);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: await this.rows(page),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAtText, last.id) : null,
    };
  }

  async detail(id: string): Promise<AdminPaymentDetail> {
    if (!isUuid(id)) throw new NotFoundError('Payment');
    const { adminPayments, paymentQueries, refunds, disputes, invoices } = this.store.repos;
    const facts = await adminPayments.facts(id);
    const summary = facts && (await paymentQueries.findSummary(id));
    if (!facts || !summary) throw new NotFoundError('Payment');
    const paymentRefunds = await refunds.listForPayment(id);
    const paymentDisputes = await disputes.listForPayment(id);
    const documents = await invoices.forPayment(id);
    const grant = (await adminPayments.grant(id)) ?? null;
    const subjects = distinct([
      id,
      facts.providerSessionId,
      facts.providerPaymentId,
      ...paymentRefunds.flatMap((r) => [r.id, r.providerRefundId]),
      ...paymentDisputes.map((d) => d.providerDisputeId),
    ]);
    const inbox = await adminPayments.inboxEntries(subjects, TIMELINE_EVENTS_LIMIT);
    const audit = await adminPayments.auditTrail(
      {
        paymentId: id,
        refundIds: paymentRefunds.map((r) => r.id),
        disputeIds: paymentDisputes.map((d) => d.id),
        enrollmentId: grant?.id ?? null,
      },
      TIMELINE_AUDIT_LIMIT,
    );
    return {
      payment: {
        ...toPaymentView(summary, { refunds: paymentRefunds, disputes: paymentDisputes, documents }),
        user: facts.user,
        providerSessionId: facts.providerSessionId,
        providerPaymentId: facts.providerPaymentId,
        reviewReason: facts.reviewReason,
        confirmedAmount: facts.confirmedAmount,
      },
      timeline: paymentTimeline({
        payment: {
          id,
          kind: facts.kind,
          provider: facts.provider,
          amount: facts.amount,
          createdAt: facts.createdAt,
          user: facts.user,
        },
        inbox,
        audit,
        refunds: paymentRefunds,
        disputes: paymentDisputes,
        documents,
        grant,
      }),
    };
  }

  /** The page's rows, their money read from the same facts and rules as the owner's view. */
  private async rows(page: AdminPaymentListRow[]): Promise<AdminPaymentRow[]> {
    const ids = page.map((row) => row.id);
    const refunds = await this.store.repos.refunds.listForPayments(ids);
    const disputes = await this.store.repos.disputes.listForPayments(ids);
    return page.map((row) =>
      toAdminPaymentRow(
        row,
        refunds.filter((r) => r.paymentId === row.id),
        disputes.filter((d) => d.paymentId === row.id),
      ),
    );
  }
}

/** One search row, with the label and amounts toPaymentView gives the same payment. */
export function toAdminPaymentRow(
  row: AdminPaymentListRow,
  refunds: readonly RefundRecord[],
  disputes: readonly DisputeRecord[],
): AdminPaymentRow {
  const balance = refundBalance(row.amount, refunds, disputes);
  return {
    id: row.id,
    user: row.user,
    provider: row.provider,
    status: row.status,
    label: paymentLabel(row.status, balance, disputes),
    amount: row.amount,
    refundedAmount: balance.refunded,
    refundableAmount: row.status === 'completed' ? balance.refundable : { ...balance.refundable, amount: 0 },
    course: row.course,
    subscription: row.subscription,
    providerSessionId: row.providerSessionId,
    providerPaymentId: row.providerPaymentId,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}

/** Checks the rules between parameters and turns the query into the repository's search. */
function toSearch(query: AdminPaymentQuery): AdminPaymentSearch {
  if ((query.minAmount !== undefined || query.maxAmount !== undefined) && !query.currency) {
    throw new ValidationError(
      'An amount filter needs a currency: amounts are minor units of one currency',
      [{ path: query.minAmount !== undefined ? 'minAmount' : 'maxAmount', message: 'needs currency' }],
      'amount_needs_currency',
    );
  }
  const details: ErrorDetail[] = [];
  if (query.minAmount !== undefined && query.maxAmount !== undefined && query.minAmount > query.maxAmount) {
    details.push({ path: 'minAmount', message: 'must not be more than maxAmount' });
  }
  const range = createdRange(query.from, query.to);
  // An empty range is a mistake (from after to), never a question worth answering with nothing.
  if (range.from && range.before && Date.parse(range.from) >= Date.parse(range.before)) {
    details.push({ path: 'from', message: 'must be before to' });
  }
  if (details.length) {
    throw new ValidationError(
      `Invalid request query: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`,
      details,
    );
  }
  const reference = query.reference;
  return {
    q: query.q,
    status: query.status,
    label: query.label,
    provider: query.provider,
    currency: query.currency,
    createdFrom: range.from,
    createdBefore: range.before,
    minAmount: query.minAmount,
    maxAmount: query.maxAmount,
    reference:
      reference === undefined ? undefined : { value: reference, paymentId: isUuid(reference) ? reference : null },
    sort: query.sort,
    after: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: query.limit,
  };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `from`/`to` as instants: a date is a whole UTC day (`to` includes its day, so the bound is the
 * next midnight); a date-time is that instant (`to` exclusive). `before` is always exclusive.
 */
export function createdRange(from?: string, to?: string): { from?: string; before?: string } {
  return {
    from: from === undefined ? undefined : DATE_ONLY.test(from) ? `${from}T00:00:00Z` : from,
    before: to === undefined ? undefined : DATE_ONLY.test(to) ? nextUtcMidnight(to) : to,
  };
}

function nextUtcMidnight(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString();
}

function distinct(values: (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length > 0))];
}
