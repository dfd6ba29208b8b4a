import type {
  PaymentRef,
  PaymentReversed,
  RefundUpdated,
  SubscriptionChanged,
  SubscriptionPaymentFailed,
  SubscriptionPaymentSucceeded,
  SubscriptionRef,
  SubscriptionState,
} from '../../domain/events/domain-event';
import { fromPayPalAmount, type Money } from '../../domain/money';
import { arr, compactRef, num, obj, str, type Json } from '../json-reading';
import { amountOf, parsePayPalTime } from './paypal-json';

/**
 * PayPal subscriptions (Subscriptions API v1) and the v1 sales that pay their cycles -> provider-
 * neutral events. Pure functions over PayPal's JSON, read defensively; times parsed leniently
 * (the webhook simulator's samples carry impossible dates).
 */

/** A SubscriptionRef without its empty fields; undefined when nothing points anywhere. */
function subscriptionRef(subscriptionId: unknown, providerSubscriptionId: unknown): SubscriptionRef | undefined {
  const ref: SubscriptionRef = {};
  const ours = str(subscriptionId);
  const theirs = str(providerSubscriptionId);
  if (ours) ref.subscriptionId = ours;
  if (theirs) ref.providerSubscriptionId = theirs;
  return ours || theirs ? ref : undefined;
}

/** A positive PayPal money amount, in minor units; 0 when absent or unreadable. */
function minorUnits(value: unknown): number {
  try {
    return amountOf(value)?.amount ?? 0;
  } catch {
    return 0;
  }
}

/**
 * Quirk: PayPal keeps a subscription whose renewal failed ACTIVE while it retries (up to the plan's
 * `payment_failure_threshold`, then SUSPENDED). What shows the failure is its billing_info: an
 * `outstanding_balance` above zero, or a `last_failed_payment` newer than the `last_payment`.
 */
export function payPalPaymentOverdue(subscription: Json): boolean {
  const info = obj(subscription.billing_info);
  if (!info) return false;
  if (minorUnits(info.outstanding_balance) > 0) return true;
  const failedAt = parsePayPalTime(obj(info.last_failed_payment)?.time);
  if (!failedAt) return false;
  const paidAt = parsePayPalTime(obj(info.last_payment)?.time);
  return !paidAt || failedAt.getTime() > paidAt.getTime();
}

/**
 * Quirk: PayPal has no trialing status either: a subscription in its free trial is ACTIVE, and only
 * `billing_info.cycle_executions` tell. It is in its trial while the plan has a TRIAL cycle and no
 * REGULAR cycle has been billed yet. (Whether PayPal counts a trial cycle as completed when it
 * starts or when it ends is not documented, so `cycles_completed < total_cycles` alone would miss a
 * one-cycle trial counted at its start; no REGULAR cycle completed is what both have in common.)
 */
export function payPalInTrial(subscription: Json): boolean {
  const executions = arr(obj(subscription.billing_info)?.cycle_executions);
  const trial = executions.some((c) => str(c.tenure_type) === 'TRIAL');
  const regularBilled = executions.some((c) => str(c.tenure_type) === 'REGULAR' && (num(c.cycles_completed) ?? 0) > 0);
  return trial && !regularBilled;
}

/**
 * PayPal subscription statuses as ours:
 * - APPROVAL_PENDING, APPROVED -> incomplete: the buyer has not approved yet, or approved and the
 *   first payment is not made;
 * - ACTIVE -> past_due when a payment is overdue (payPalPaymentOverdue), trialing in the free trial
 *   (payPalInTrial), else active;
 * - SUSPENDED -> suspended (the failure threshold was reached, or we suspended it; it can be reactivated);
 * - CANCELLED -> canceled; EXPIRED -> expired (all its cycles ran).
 * A status we do not know maps to undefined: no event rather than a guess.
 */
export function payPalSubscriptionState(subscription: Json): SubscriptionState | undefined {
  switch (str(subscription.status)) {
    case 'APPROVAL_PENDING':
    case 'APPROVED':
      return 'incomplete';
    case 'ACTIVE':
      if (payPalPaymentOverdue(subscription)) return 'past_due';
      return payPalInTrial(subscription) ? 'trialing' : 'active';
    case 'SUSPENDED':
      return 'suspended';
    case 'CANCELLED':
      return 'canceled';
    case 'EXPIRED':
      return 'expired';
    default:
      return undefined;
  }
}

/**
 * A subscription (webhook resource or `GET /v1/billing/subscriptions/{id}`) as SubscriptionChanged.
 * The period running: from the last payment (or the start) to the next billing. PayPal has no
 * "cancel at period end": a cancel ends billing at once, `status_update_time` is when.
 */
export function payPalSubscriptionChanged(subscription: Json, occurredAt: Date): SubscriptionChanged | undefined {
  const status = payPalSubscriptionState(subscription);
  const ref = subscriptionRef(subscription.custom_id, subscription.id);
  if (!status || !ref) return undefined;
  const info = obj(subscription.billing_info);
  const start = parsePayPalTime(obj(info?.last_payment)?.time) ?? parsePayPalTime(subscription.start_time);
  const end = parsePayPalTime(info?.next_billing_time);
  const canceledAt = status === 'canceled' ? parsePayPalTime(subscription.status_update_time) : undefined;
  return {
    kind: 'SubscriptionChanged',
    provider: 'paypal',
    occurredAt,
    ref,
    status,
    ...(start ? { currentPeriodStart: start } : {}),
    ...(end ? { currentPeriodEnd: end } : {}),
    ...(canceledAt ? { canceledAt } : {}),
  };
}

/** Why PayPal could not collect, in words for the student; the code is PayPal's `reason_code`, lower case. */
const FAILED_PAYMENT_REASONS: Readonly<Record<string, string>> = {
  payment_denied: 'PayPal declined the subscription payment',
  internal_server_error: 'PayPal could not process the subscription payment',
  payee_account_restricted: "The merchant's PayPal account cannot receive payments right now",
  payer_account_restricted: "The subscriber's PayPal account is restricted",
  payer_cannot_pay: 'The subscriber cannot pay with this PayPal account',
  sending_limit_exceeded: "The payment exceeds the subscriber's PayPal sending limit",
  transaction_receiving_limit_exceeded: "The payment exceeds the merchant's PayPal receiving limit",
  currency_mismatch: 'The subscription currency does not match the PayPal account',
};

/**
 * BILLING.SUBSCRIPTION.PAYMENT.FAILED: the subscription's `billing_info.last_failed_payment` says
 * how much, why (`reason_code`) and when PayPal tries again (`next_payment_retry_date`).
 */
export function payPalSubscriptionPaymentFailed(
  subscription: Json,
  occurredAt: Date,
): SubscriptionPaymentFailed | undefined {
  const ref = subscriptionRef(subscription.custom_id, subscription.id);
  if (!ref) return undefined;
  const failed = obj(obj(subscription.billing_info)?.last_failed_payment);
  const code = str(failed?.reason_code)?.toLowerCase() ?? 'payment_failed';
  const amount = safeAmount(failed?.amount);
  const nextAttemptAt = parsePayPalTime(failed?.next_payment_retry_date);
  return {
    kind: 'SubscriptionPaymentFailed',
    provider: 'paypal',
    occurredAt,
    ref,
    ...(amount ? { amount } : {}),
    failureCode: code,
    failureReason: FAILED_PAYMENT_REASONS[code] ?? 'PayPal could not collect the subscription payment',
    ...(nextAttemptAt ? { nextAttemptAt } : {}),
  };
}

function safeAmount(value: unknown): Money | undefined {
  try {
    return amountOf(value);
  } catch {
    return undefined;
  }
}

/**
 * A v1 money object `{total, currency}` (sales and their refunds). Quirk: refund and reversal
 * resources of PAYMENT.SALE.REFUNDED / .REVERSED write the amount negative ("-0.01"): taken as its size.
 */
export function saleAmount(value: unknown): Money | undefined {
  const a = obj(value);
  const total = str(a?.total);
  const currency = str(a?.currency);
  if (!total || !currency) return undefined;
  return fromPayPalAmount({ value: total.replace(/^-/, ''), currency_code: currency });
}

/** The subscription a v1 sale paid: `billing_agreement_id` is the subscription's I-… id, `custom` its custom_id. */
function saleSubscriptionRef(sale: Json): SubscriptionRef | undefined {
  if (!str(sale.billing_agreement_id)) return undefined;
  return subscriptionRef(sale.custom, sale.billing_agreement_id);
}

/**
 * PAYMENT.SALE.COMPLETED for a subscription cycle. The sale is the payment: its id is both the
 * "invoice" the payment row is keyed by and what a refund goes against. A sale without
 * `billing_agreement_id` is no subscription's (a v1 checkout payment): not ours.
 */
export function saleCompleted(sale: Json, occurredAt: Date): SubscriptionPaymentSucceeded | undefined {
  const ref = saleSubscriptionRef(sale);
  const id = str(sale.id);
  const amount = saleAmount(sale.amount);
  if (!ref || !id || !amount) return undefined;
  return {
    kind: 'SubscriptionPaymentSucceeded',
    provider: 'paypal',
    occurredAt,
    ref,
    providerInvoiceId: id,
    providerPaymentId: id,
    amount,
  };
}

/** PAYMENT.SALE.DENIED: a cycle's sale was denied (risk, an eCheck that bounced). */
export function saleDenied(sale: Json, occurredAt: Date): SubscriptionPaymentFailed | undefined {
  const ref = saleSubscriptionRef(sale);
  if (!ref) return undefined;
  const id = str(sale.id);
  const amount = saleAmount(sale.amount);
  const reason = str(sale.reason_code);
  return {
    kind: 'SubscriptionPaymentFailed',
    provider: 'paypal',
    occurredAt,
    ref,
    ...(id ? { providerInvoiceId: id } : {}),
    ...(amount ? { amount } : {}),
    failureCode: 'sale_denied',
    failureReason: reason
      ? `PayPal denied the subscription payment: ${reason}`
      : 'PayPal denied the subscription payment',
  };
}

/** A v1 refund `state` as ours; pending and anything newer stay in flight. */
export function saleRefundStatus(state: unknown): RefundUpdated['status'] {
  switch (str(state)?.toLowerCase()) {
    case 'completed':
      return 'succeeded';
    case 'failed':
      return 'failed';
    case 'cancelled':
      return 'canceled';
    default:
      return 'pending';
  }
}

/**
 * A v1 refund of a sale (refund answer, `GET /v1/payments/refund/{id}`, the PAYMENT.SALE.REFUNDED
 * resource) as RefundUpdated on the sale. Our refund id travels as the refund's `invoice_number`.
 */
export function saleRefundUpdated(
  refund: Json,
  occurredAt: Date,
  fallback: PaymentRef = {},
): RefundUpdated | undefined {
  const id = str(refund.id);
  const amount = saleAmount(refund.amount);
  const saleId = str(refund.sale_id) ?? fallback.providerPaymentId;
  if (!id || !amount || !saleId) return undefined;
  const status = saleRefundStatus(refund.state);
  const refundId = str(refund.invoice_number);
  const reason = str(refund.reason_code) ?? str(refund.reason);
  return {
    kind: 'RefundUpdated',
    provider: 'paypal',
    occurredAt,
    ref: compactRef({
      paymentId: fallback.paymentId,
      providerSessionId: fallback.providerSessionId,
      providerPaymentId: saleId,
      kind: 'subscription',
    }),
    providerRefundId: id,
    ...(refundId ? { refundId } : {}),
    amount,
    status,
    ...(status === 'failed' || status === 'canceled'
      ? { failureReason: reason ? reason.toLowerCase() : 'refund_failed' }
      : {}),
  };
}

/**
 * PAYMENT.SALE.REVERSED: PayPal took a cycle's money back (a chargeback, a bank reversal), as
 * PAYMENT.CAPTURE.REVERSED does for a capture. Not a refund of ours, so a PaymentReversed on the
 * sale, never a RefundUpdated (that would issue a credit note for money we did not give back).
 * The resource is the reversal (`sale_id` -> the sale) or, in PayPal's samples, the reversed sale
 * itself (no `sale_id`): then the sale's id stands for both.
 */
export function saleReversed(reversal: Json, occurredAt: Date): PaymentReversed | undefined {
  const id = str(reversal.id);
  const saleId = str(reversal.sale_id) ?? id;
  const amount = saleAmount(reversal.amount);
  if (!id || !saleId || !amount) return undefined;
  return {
    kind: 'PaymentReversed',
    provider: 'paypal',
    occurredAt,
    ref: { providerPaymentId: saleId, kind: 'subscription' },
    providerReversalId: id,
    amount,
  };
}
