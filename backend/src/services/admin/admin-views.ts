/**
 * The admin API's shapes (`/api/admin/*`): the contract the admin services answer with and the
 * SPA's `admin/admin-models.ts` mirrors. Every list is newest first and keyset-paginated as
 * `{items, nextCursor}` (`limit` 1..100, default 25; `cursor` is opaque); unknown query
 * parameters are a 400. Money is always `{amount, currency}` in minor units.
 */
import type { Money } from '../../domain/money';
import type { PaymentLabel } from '../../domain/payments/payment-label';
import type { PaymentStatus, ProviderName } from '../../domain/payments/payment-status';
import type { WebhookEventStatus } from '../../repositories/webhook-event.repository';
import type { DisputeView } from '../disputes/dispute-views';
import type { PaymentView } from '../payments/payment-views';
import type { SubscriptionView } from '../subscriptions/subscription-views';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Who a payment, subscription or dispute belongs to. */
export interface AdminUserRef {
  id: string;
  email: string;
  name: string;
}

/**
 * GET /api/admin/payments
 *   ?q=        email or name, case-insensitive substring (`%` and `_` match only themselves)
 *   &status=   a PaymentStatus        &label= a PaymentLabel (derived: refunded, disputed, ...)
 *   &provider= stripe|paypal         &currency= ISO code (any case)
 *   &from= &to=  ISO date (whole UTC day, `to` inclusive) or date-time (`to` exclusive), on created_at;
 *               an empty range (`from` not before `to`) is a 400
 *   &minAmount= &maxAmount=  minor units, inclusive; need `currency` (400 amount_needs_currency)
 *   &reference= exact: our payment id, the provider's checkout/order id, payment intent/capture id,
 *               a refund's or dispute's provider id, or an invoice/credit note number
 *   &sort=created_desc (default) | created_asc   &limit= &cursor=
 * The cursor is a position (created_at, id), not tied to an order: one from a `created_desc` page
 * used with `created_asc` continues from that position the other way.
 */
export interface AdminPaymentRow {
  id: string;
  user: AdminUserRef;
  provider: ProviderName;
  status: PaymentStatus;
  label: PaymentLabel;
  amount: Money;
  refundedAmount: Money;
  refundableAmount: Money;
  course: { id: string; title: string } | null;
  subscription: { id: string; planName: string } | null;
  providerSessionId: string | null;
  providerPaymentId: string | null;
  createdAt: string;
  completedAt: string | null;
}

/** GET /api/admin/payments/:id (404 for an unknown or non-UUID id). */
export interface AdminPaymentDetail {
  /** The same view the owner gets (refunds, disputes, invoice and credit note links included)... */
  payment: PaymentView & {
    /** ...plus what only an admin sees. */
    user: AdminUserRef;
    providerSessionId: string | null;
    providerPaymentId: string | null;
    reviewReason: string | null;
    /** What the provider confirmed when it differed from `amount` (a payment in review). */
    confirmedAmount: Money | null;
  };
  /** Everything that happened to it, oldest first. */
  timeline: TimelineEntry[];
}

export type TimelineKind =
  /** The checkout was started (amount, provider). */
  | 'checkout'
  /** A provider event about it reached the inbox (type, inbox status; link to the inbox row). */
  | 'provider_event'
  /** payments.status moved (or a move was refused): audit entries on the payment. */
  | 'state_change'
  /** A refund was requested, submitted, recorded or settled. */
  | 'refund'
  /** A dispute opened, moved or closed. */
  | 'dispute'
  /** An invoice or credit note was issued (link to its PDF). */
  | 'document'
  /** The enrollment it paid for was granted, suspended, revoked or restored. */
  | 'access'
  /** Any other audit entry about it (a review resolution, a replay, ...). */
  | 'audit';

export interface TimelineEntry {
  at: string;
  kind: TimelineKind;
  /** One line a support agent reads: "Refund of €12.00 succeeded", "checkout.session.completed". */
  title: string;
  /** Who caused it: `admin` (with the admin's id and email), `webhook:stripe`, `reconciliation`, `system`, `user`... */
  actor: { kind: string; userId: string | null; email: string | null } | null;
  /** The money it moved, when it moved any; a document's total is signed (negative on a credit note). */
  amount: Money | null;
  /** The state it reached (`succeeded`, `processed`, `revoked`...), when it has one. */
  status: string | null;
  /** Facts kept with it (audit data, an event's id); never a provider payload. */
  data: Record<string, unknown>;
  links: {
    webhookEventId?: string;
    refundId?: string;
    disputeId?: string;
    documentId?: string;
    /** The document's PDF: GET /api/invoices/documents/:documentId. */
    downloadUrl?: string;
  };
}

/**
 * GET /api/admin/webhook-events?provider&type&status&from&to&limit&cursor (newest received first);
 * GET /api/admin/webhook-events/:id gives one.
 */
export interface AdminWebhookEvent {
  id: string;
  provider: ProviderName;
  /** The provider's event id (evt_..., WH-...). */
  eventId: string;
  type: string;
  status: WebhookEventStatus;
  attempts: number;
  lastError: string | null;
  receivedAt: string;
  processedAt: string | null;
  providerCreatedAt: string | null;
  /** The ids it is about (ours and the provider's). */
  subjects: string[];
  /** The verified event as the provider sent it. */
  payload: Record<string, unknown>;
}

/**
 * POST /api/admin/webhook-events/:id/replay: processes the stored event again through the
 * registry (handlers are idempotent, so replaying a processed event changes nothing) and audits
 * who asked. 200 whatever the outcome; `failed` carries the error in `event.lastError`.
 */
export interface ReplayResult {
  event: AdminWebhookEvent;
  outcome: 'processed' | 'unhandled' | 'ignored' | 'failed';
}

/** GET /api/admin/review?limit&cursor: payments in `requires_review`, oldest first (a queue). */
export interface ReviewItem extends AdminPaymentRow {
  reviewReason: string;
  /** What the provider confirmed (null when only the reason text knows). */
  confirmedAmount: Money | null;
}

/**
 * POST /api/admin/review/:paymentId/resolve {resolution: 'accept' | 'refund', note}
 * - accept: the sale completes (admin cause in the state machine): enrollment, invoice;
 * - refund: the checkout is canceled and what the provider confirmed is refunded in full
 *   (origin=admin, key refund:<paymentId>:<n>).
 * `note` (1..500 plain characters) is required; both are audited with the admin. 409
 * `not_in_review` when the payment is not (or no longer) in review. Answers the payment as
 * GET /api/payments/:id shows it (`PaymentView`).
 */
export type ReviewResolution = 'accept' | 'refund';

/** GET /api/admin/disputes?status&provider&limit&cursor */
export interface AdminDisputeRow extends DisputeView {
  user: AdminUserRef;
  payment: { id: string; amount: Money; course: { id: string; title: string } | null };
}

/** GET /api/admin/subscriptions?status&provider&q&limit&cursor */
export interface AdminSubscriptionRow {
  user: AdminUserRef;
  subscription: SubscriptionView;
}

/**
 * GET /api/admin/reconciliation?limit&cursor: the latest run and the drift found, newest first.
 * POST /api/admin/reconciliation/run runs one now (payments, refunds, disputes, subscriptions)
 * and answers with the same shape.
 */
export interface DriftReport extends Page<DriftItem> {
  latestRun: ReconciliationRunView | null;
}

export interface ReconciliationRunView {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  checked: number;
  drifted: number;
  healed: number;
  errors: number;
}

export interface DriftItem {
  id: string;
  runId: string;
  foundAt: string;
  subject: 'payment' | 'refund' | 'dispute' | 'subscription';
  subjectId: string;
  paymentId: string | null;
  provider: ProviderName;
  /** Our state before the provider's answer, and after applying it. */
  before: string | null;
  after: string | null;
  healed: boolean;
  error: string | null;
  /** "Stripe says succeeded; we had pending" */
  detail: string;
}

/**
 * GET /api/admin/reports/revenue?from&to&interval=day|month[&format=csv]
 * `from`/`to`: ISO dates, both inclusive (UTC days); at most 366 days by day, 120 months by month.
 * gross: completed payments by completion time; refunds: succeeded refunds by the time they
 * succeeded; disputesLost: lost chargebacks by closing time; net = gross - refunds - disputesLost;
 * count: completed payments. Periods with nothing are listed with zeros, so a chart has every tick.
 * CSV: `period,currency,gross,refunds,disputes_lost,net,count`, amounts in major units with the
 * currency's own decimals (JPY 1200, EUR 12.34, KWD 1.234).
 */
export interface RevenueReport {
  from: string;
  to: string;
  interval: 'day' | 'month';
  currencies: CurrencyRevenue[];
  /** Every currency's totals converted to REPORT_CURRENCY (unset: null), with the rates used. */
  converted: ConvertedRevenue | null;
}

export interface RevenueFigures {
  gross: Money;
  refunds: Money;
  disputesLost: Money;
  net: Money;
  count: number;
}

export interface CurrencyRevenue {
  currency: string;
  totals: RevenueFigures;
  /** `period` is `YYYY-MM-DD` by day, `YYYY-MM` by month. */
  periods: (RevenueFigures & { period: string })[];
}

export interface ConvertedRevenue {
  currency: string;
  totals: RevenueFigures;
  /**
   * One per converted currency: quote units per base unit, where it came from and since when;
   * `inverted`: no from -> to rate is stored, so it is the inverse of the stored to -> from one.
   */
  rates: { from: string; to: string; rate: string; source: string; validFrom: string; inverted: boolean }[];
  /** Currencies with no rate to REPORT_CURRENCY: left out of the converted total. */
  missing: string[];
}
