/**
 * Types of the admin API (`/api/admin/*`), mirroring the backend's
 * `services/admin/admin-views.ts`, which documents every query parameter and rule.
 */
import { InvoiceRef } from '../core/invoices/invoice-models';
import { Money } from '../core/money/money-models';
import { Payment, PaymentLabel, PaymentProvider, PaymentStatus, Refund } from '../core/payments/payment-models';
import { Subscription } from '../core/subscriptions/subscription-models';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface AdminUserRef {
  id: string;
  email: string;
  name: string;
}

/** Query of GET /api/admin/payments; every field optional. */
export interface PaymentSearch {
  q?: string;
  status?: PaymentStatus;
  label?: PaymentLabel;
  provider?: PaymentProvider;
  currency?: string;
  /** ISO dates (YYYY-MM-DD, UTC days, both inclusive) or date-times. */
  from?: string;
  to?: string;
  /** Minor units of `currency` (required with an amount). */
  minAmount?: number;
  maxAmount?: number;
  reference?: string;
  sort?: 'created_desc' | 'created_asc';
  limit?: number;
  cursor?: string;
}

export interface AdminPaymentRow {
  id: string;
  user: AdminUserRef;
  provider: PaymentProvider;
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

export interface Dispute {
  id: string;
  paymentId: string;
  provider: PaymentProvider;
  providerDisputeId: string;
  amount: Money;
  reason: string;
  status: 'inquiry' | 'inquiry_closed' | 'needs_response' | 'under_review' | 'won' | 'lost';
  fundsWithdrawn: boolean;
  openedAt: string;
  closedAt: string | null;
}

/** A refund as the API shows it (`RefundView`): the answer of POST /api/payments/refund/:paymentId. */
export interface AdminRefund extends Refund {
  paymentId: string;
  /** Why the provider refused it (`failed`), e.g. `charge_already_refunded: ...`. */
  failureReason: string | null;
  updatedAt: string;
}

export interface AdminPaymentDetail {
  payment: Omit<Payment, 'refunds'> & {
    userId: string;
    refunds: AdminRefund[];
    refundableAmount: Money;
    failureCode: string | null;
    disputes: Dispute[];
    invoice: InvoiceRef | null;
    creditNotes: InvoiceRef[];
    user: AdminUserRef;
    providerSessionId: string | null;
    providerPaymentId: string | null;
    reviewReason: string | null;
    confirmedAmount: Money | null;
  };
  timeline: TimelineEntry[];
}

export type TimelineKind =
  'checkout' | 'provider_event' | 'state_change' | 'refund' | 'dispute' | 'document' | 'access' | 'audit';

export interface TimelineEntry {
  at: string;
  kind: TimelineKind;
  title: string;
  actor: { kind: string; userId: string | null; email: string | null } | null;
  amount: Money | null;
  status: string | null;
  data: Record<string, unknown>;
  links: {
    webhookEventId?: string;
    refundId?: string;
    disputeId?: string;
    documentId?: string;
    downloadUrl?: string;
  };
}

/** Body of POST /api/payments/refund/:paymentId; answered 201 `{refund}`. */
export interface RefundRequest {
  /** Minor units; omitted: the whole refundable amount. */
  amount?: number;
  reason?: string;
}

export type WebhookEventStatus = 'received' | 'processed' | 'unhandled' | 'ignored' | 'failed';

export interface AdminWebhookEvent {
  id: string;
  provider: PaymentProvider;
  eventId: string;
  type: string;
  status: WebhookEventStatus;
  attempts: number;
  lastError: string | null;
  receivedAt: string;
  processedAt: string | null;
  providerCreatedAt: string | null;
  subjects: string[];
  payload: Record<string, unknown>;
}

export interface ReplayResult {
  event: AdminWebhookEvent;
  outcome: 'processed' | 'unhandled' | 'ignored' | 'failed';
}

export interface ReviewItem extends AdminPaymentRow {
  reviewReason: string;
  confirmedAmount: Money | null;
}

export type ReviewResolution = 'accept' | 'refund';

/**
 * The payment as a review resolution leaves it: the contract answers the admin detail
 * (`{payment, timeline}`), the backend may answer the payment view alone; both carry this.
 */
export type ResolvedPayment = Omit<Payment, 'refunds'> & { refunds: AdminRefund[] };

export interface AdminDisputeRow extends Dispute {
  user: AdminUserRef;
  payment: { id: string; amount: Money; course: { id: string; title: string } | null };
}

export interface AdminSubscriptionRow {
  user: AdminUserRef;
  subscription: Subscription;
}

export interface ReconciliationRun {
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
  provider: PaymentProvider;
  before: string | null;
  after: string | null;
  healed: boolean;
  error: string | null;
  detail: string;
}

export interface DriftReport extends Page<DriftItem> {
  latestRun: ReconciliationRun | null;
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
  periods: (RevenueFigures & { period: string })[];
}

export interface RevenueReport {
  from: string;
  to: string;
  interval: 'day' | 'month';
  currencies: CurrencyRevenue[];
  converted: {
    currency: string;
    totals: RevenueFigures;
    /** `inverted`: no from -> to rate is stored, so `rate` is the inverse of the stored to -> from one. */
    rates: { from: string; to: string; rate: string; source: string; validFrom: string; inverted: boolean }[];
    missing: string[];
  } | null;
}
