import type {
  BuyerDetails,
  SubscriptionChanged,
  SubscriptionPaymentFailed,
  SubscriptionPaymentSucceeded,
  SubscriptionRef,
  SubscriptionState,
} from '../../domain/events/domain-event';
import { buyerDetails, text } from '../buyer-details';
import { arr, num, obj, str, type Json } from '../json-reading';
import { amountOf, idOf, stripeAddress, stripeTime } from './stripe-json';
import { AUTHENTICATION_REQUIRED } from '../../domain/subscriptions/subscription-change';

/**
 * Stripe Billing objects (Subscription, Invoice, InvoicePayment) -> provider-neutral subscription
 * events. Pure functions over the JSON as Stripe sent it, in the shapes of API basil (2025-03-31)
 * and later, with the older shapes still read where an endpoint of an older API version sends them.
 */

/**
 * Stripe subscription statuses as ours:
 * - `incomplete` -> incomplete: the first invoice is not paid yet (23 h to pay it);
 * - `incomplete_expired` -> expired: that first invoice was never paid; the subscription never started;
 * - `trialing`, `active`, `past_due`, `canceled` as named;
 * - `unpaid` -> suspended: the retries ran out and the account is set to leave it unpaid (not
 *   canceled): invoices stay open and it can still recover;
 * - `paused` -> suspended: a trial ended without a payment method, billing paused.
 * A status we do not know yet maps to undefined: no event rather than a guess that could revoke access.
 */
const STRIPE_SUBSCRIPTION_STATES: Readonly<Record<string, SubscriptionState>> = {
  incomplete: 'incomplete',
  incomplete_expired: 'expired',
  trialing: 'trialing',
  active: 'active',
  past_due: 'past_due',
  canceled: 'canceled',
  unpaid: 'suspended',
  paused: 'suspended',
};

export function stripeSubscriptionState(status: unknown): SubscriptionState | undefined {
  const s = str(status);
  return s !== undefined && Object.hasOwn(STRIPE_SUBSCRIPTION_STATES, s) ? STRIPE_SUBSCRIPTION_STATES[s] : undefined;
}

function metadataSubscriptionId(metadata: unknown): string | undefined {
  return str(obj(metadata)?.subscription_id);
}

/** A SubscriptionRef without its empty fields; undefined when nothing points anywhere. */
function compactSubscriptionRef(ref: SubscriptionRef): SubscriptionRef | undefined {
  const out: SubscriptionRef = {};
  if (ref.subscriptionId) out.subscriptionId = ref.subscriptionId;
  if (ref.providerSubscriptionId) out.providerSubscriptionId = ref.providerSubscriptionId;
  return out.subscriptionId || out.providerSubscriptionId ? out : undefined;
}

/**
 * Quirk: since API basil (2025-03-31) the billing period lives on each subscription item
 * (`items.data[].current_period_start/end`), no longer on the subscription. Items of one
 * subscription share their period unless billed on mixed intervals; the item that renews first
 * is the period that is running out. Older API versions still send the top-level fields.
 */
export function subscriptionPeriod(subscription: Json): { start?: Date; end?: Date } {
  const items = arr(obj(subscription.items)?.data)
    .map((item) => ({ start: num(item.current_period_start), end: num(item.current_period_end) }))
    .filter((p): p is { start: number; end: number } => p.start !== undefined && p.end !== undefined)
    .sort((a, b) => a.end - b.end);
  const period = items[0] ?? {
    start: num(subscription.current_period_start),
    end: num(subscription.current_period_end),
  };
  return { start: stripeTime(period.start), end: stripeTime(period.end) };
}

/**
 * Whether the subscription ends with its current period. Stripe says so with
 * `cancel_at_period_end`; newer API versions (and the dashboard) may instead set `cancel_at` to the
 * period end with `cancel_at_period_end` false. A `cancel_at` at another date is a scheduled
 * cancellation, not "at period end". Undefined when the object carries neither field.
 */
function cancelsAtPeriodEnd(subscription: Json, periodEnd: Date | undefined): boolean | undefined {
  const flag = subscription.cancel_at_period_end;
  const cancelAt = stripeTime(subscription.cancel_at);
  if (flag === true) return true;
  if (cancelAt && periodEnd && cancelAt.getTime() === periodEnd.getTime()) return true;
  if (typeof flag === 'boolean' || subscription.cancel_at !== undefined) return false;
  return undefined;
}

/** A Subscription object (event snapshot or API answer) as SubscriptionChanged; undefined for a status we do not know. */
export function subscriptionChanged(subscription: Json, occurredAt: Date): SubscriptionChanged | undefined {
  const status = stripeSubscriptionState(subscription.status);
  const ref = compactSubscriptionRef({
    subscriptionId: metadataSubscriptionId(subscription.metadata),
    providerSubscriptionId: str(subscription.id),
  });
  if (!status || !ref) return undefined;
  const period = subscriptionPeriod(subscription);
  const atPeriodEnd = cancelsAtPeriodEnd(subscription, period.end);
  const canceledAt = stripeTime(subscription.canceled_at);
  const trialEnd = stripeTime(subscription.trial_end);
  return {
    kind: 'SubscriptionChanged',
    provider: 'stripe',
    occurredAt,
    ref,
    status,
    ...(period.start ? { currentPeriodStart: period.start } : {}),
    ...(period.end ? { currentPeriodEnd: period.end } : {}),
    ...(atPeriodEnd !== undefined ? { cancelAtPeriodEnd: atPeriodEnd } : {}),
    ...(canceledAt ? { canceledAt } : {}),
    ...(trialEnd ? { trialEnd } : {}),
  };
}

/**
 * The subscription an invoice belongs to. Quirk: API basil moved the link from the invoice's
 * top-level `subscription` to `parent.subscription_details.subscription`, with the subscription's
 * metadata as it was when the invoice was made in `parent.subscription_details.metadata` (older
 * versions: `subscription_details.metadata`). An expanded subscription brings its own metadata.
 * Undefined for an invoice that is not a subscription's (a one-off invoice).
 */
export function invoiceSubscriptionRef(invoice: Json): SubscriptionRef | undefined {
  const details = obj(obj(invoice.parent)?.subscription_details);
  const legacyDetails = obj(invoice.subscription_details);
  const subscription = details?.subscription ?? invoice.subscription;
  return compactSubscriptionRef({
    subscriptionId:
      metadataSubscriptionId(details?.metadata) ??
      metadataSubscriptionId(legacyDetails?.metadata) ??
      metadataSubscriptionId(obj(subscription)?.metadata),
    providerSubscriptionId: idOf(subscription),
  });
}

/** The PaymentIntent ids in an InvoicePayment list (an invoice's expanded `payments`, or `GET /v1/invoice_payments`), paid ones first. */
export function invoicePaymentIntents(invoicePayments: Json[]): string[] {
  const paidFirst = [...invoicePayments].sort(
    (a, b) => Number(str(b.status) === 'paid') - Number(str(a.status) === 'paid'),
  );
  return paidFirst.map((p) => idOf(obj(p.payment)?.payment_intent)).filter((id): id is string => id !== undefined);
}

/**
 * The PaymentIntent that paid an invoice, when the invoice carries it: the legacy `payment_intent`
 * (before basil), or its `payments` list when expanded (basil+: an invoice can be paid by several
 * InvoicePayments; event payloads never include the list). Undefined otherwise: then only
 * `GET /v1/invoice_payments?invoice=` knows it.
 */
export function invoicePaymentIntent(invoice: Json): string | undefined {
  return idOf(invoice.payment_intent) ?? invoicePaymentIntents(arr(obj(invoice.payments)?.data))[0];
}

/** Whether an invoice line bills a subscription item (basil+ `parent.type`, else the legacy `type`/`subscription`). */
function isSubscriptionLine(line: Json): boolean {
  const parent = obj(line.parent);
  if (parent) {
    const type = str(parent.type);
    return type ? type === 'subscription_item_details' : obj(parent.subscription_item_details) !== undefined;
  }
  return str(line.type) === 'subscription' || idOf(line.subscription) !== undefined;
}

function isProration(line: Json): boolean {
  return line.proration === true || obj(obj(line.parent)?.subscription_item_details)?.proration === true;
}

/**
 * The period a subscription invoice pays for. Quirk: an invoice's own `period_start/period_end`
 * are the window in which invoice items were collected, which for a subscription invoice is the
 * period before the one billed (or a single instant for the first invoice). The subscription
 * line's `period` is the service period paid for; a proration line covers only part of it.
 */
export function invoiceLinePeriod(invoice: Json): { start?: Date; end?: Date } {
  const lines = arr(obj(invoice.lines)?.data).filter(isSubscriptionLine);
  const line = lines.find((l) => !isProration(l)) ?? lines[0];
  const period = obj(line?.period);
  return { start: stripeTime(period?.start), end: stripeTime(period?.end) };
}

/** Who the invoice is made out to: Stripe copies the customer's name, email, address and tax IDs onto it at finalization. */
export function invoiceBuyer(invoice: Json): BuyerDetails | undefined {
  return buyerDetails({
    name: text(invoice.customer_name),
    email: invoice.customer_email,
    address: stripeAddress(invoice.customer_address),
    taxIds: arr(invoice.customer_tax_ids).map((t) => ({ type: t.type, value: t.value })),
  });
}

/**
 * `invoice.paid` (or a fetched paid invoice) as one paid cycle. Only a subscription's invoice that
 * moved money counts: quirk, a trial's first invoice is paid at $0 (`amount_paid` 0), which is not a
 * paid cycle and has no payment to refund. `providerPaymentId` is the PaymentIntent when the invoice
 * carries it (see invoicePaymentIntent) or the caller found it; else absent.
 */
export function invoicePaid(
  invoice: Json,
  occurredAt: Date,
  providerPaymentId: string | undefined = invoicePaymentIntent(invoice),
): SubscriptionPaymentSucceeded | undefined {
  const ref = invoiceSubscriptionRef(invoice);
  const id = str(invoice.id);
  const amount = amountOf(invoice.amount_paid, invoice.currency);
  if (!ref || !id || !amount || amount.amount <= 0) return undefined;
  const period = invoiceLinePeriod(invoice);
  const buyer = invoiceBuyer(invoice);
  return {
    kind: 'SubscriptionPaymentSucceeded',
    provider: 'stripe',
    occurredAt,
    ref,
    providerInvoiceId: id,
    ...(providerPaymentId ? { providerPaymentId } : {}),
    amount,
    ...(period.start ? { periodStart: period.start } : {}),
    ...(period.end ? { periodEnd: period.end } : {}),
    ...(buyer ? { buyer } : {}),
  };
}

/**
 * `invoice_payment.paid` (basil+): one InvoicePayment of an invoice succeeded. It names only the
 * invoice, not the subscription (ref `{}`): it meets the `invoice.paid` of the same invoice on the
 * invoice id, and brings the PaymentIntent that `invoice.paid` no longer carries.
 */
export function invoicePaymentPaid(invoicePayment: Json, occurredAt: Date): SubscriptionPaymentSucceeded | undefined {
  const invoice = idOf(invoicePayment.invoice);
  const amount = amountOf(invoicePayment.amount_paid, invoicePayment.currency);
  if (!invoice || !amount || amount.amount <= 0) return undefined;
  const paymentIntent = idOf(obj(invoicePayment.payment)?.payment_intent);
  return {
    kind: 'SubscriptionPaymentSucceeded',
    provider: 'stripe',
    occurredAt,
    ref: {},
    providerInvoiceId: invoice,
    ...(paymentIntent ? { providerPaymentId: paymentIntent } : {}),
    amount,
  };
}

interface Failure {
  code: string;
  reason: string;
}

/**
 * Why an invoice's payment failed, from what the invoice shows: an expanded PaymentIntent's
 * `last_payment_error` (legacy `payment_intent`), an expanded legacy `charge`'s failure, or the
 * `last_finalization_error`. Event payloads usually carry none of them: then `payment_failed`.
 */
function invoiceFailure(invoice: Json): Failure {
  const intentError = obj(obj(invoice.payment_intent)?.last_payment_error);
  if (intentError) {
    return {
      code: str(intentError.decline_code) ?? str(intentError.code) ?? 'payment_failed',
      reason: str(intentError.message) ?? 'The subscription payment was declined',
    };
  }
  const charge = obj(invoice.charge);
  const chargeCode = str(charge?.failure_code);
  if (charge && chargeCode) {
    return { code: chargeCode, reason: str(charge.failure_message) ?? 'The subscription payment was declined' };
  }
  const finalization = obj(invoice.last_finalization_error);
  const finalizationCode = str(finalization?.code);
  if (finalization && finalizationCode) {
    return { code: finalizationCode, reason: str(finalization.message) ?? 'The invoice could not be finalized' };
  }
  return { code: 'payment_failed', reason: 'The subscription payment failed' };
}

/** What `invoice.payment_action_required` means for the student. */
const ACTION_REQUIRED: Failure = {
  code: AUTHENTICATION_REQUIRED,
  reason: 'The bank asks the student to confirm this payment (3-D Secure) on the invoice page',
};

/**
 * `invoice.payment_failed` (or a fetched open invoice that was attempted) as a failed cycle payment;
 * with `actionRequired` (`invoice.payment_action_required`: 3-D Secure on a renewal), a failure the
 * student can fix by confirming the payment at `hosted_invoice_url`. Undefined for an invoice that is
 * not a subscription's.
 */
export function invoicePaymentFailed(
  invoice: Json,
  occurredAt: Date,
  actionRequired = false,
): SubscriptionPaymentFailed | undefined {
  const ref = invoiceSubscriptionRef(invoice);
  if (!ref) return undefined;
  const id = str(invoice.id);
  const amount = amountOf(invoice.amount_due, invoice.currency);
  const failure = actionRequired ? ACTION_REQUIRED : invoiceFailure(invoice);
  const actionUrl = str(invoice.hosted_invoice_url);
  const nextAttemptAt = stripeTime(invoice.next_payment_attempt);
  return {
    kind: 'SubscriptionPaymentFailed',
    provider: 'stripe',
    occurredAt,
    ref,
    ...(id ? { providerInvoiceId: id } : {}),
    ...(amount ? { amount } : {}),
    failureCode: failure.code,
    failureReason: failure.reason,
    ...(actionUrl ? { actionUrl } : {}),
    ...(nextAttemptAt ? { nextAttemptAt } : {}),
  };
}

/**
 * A Checkout Session in subscription mode that expired unpaid: the subscription never started.
 * The session has no Stripe subscription then, only our id (metadata, client_reference_id).
 */
export function subscriptionSessionExpired(session: Json, occurredAt: Date): SubscriptionChanged | undefined {
  const ref = compactSubscriptionRef({
    subscriptionId: metadataSubscriptionId(session.metadata) ?? str(session.client_reference_id),
    providerSubscriptionId: idOf(session.subscription),
  });
  return ref ? { kind: 'SubscriptionChanged', provider: 'stripe', occurredAt, ref, status: 'expired' } : undefined;
}
