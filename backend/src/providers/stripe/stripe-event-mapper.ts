import type {
  BuyerDetails,
  DisputeState,
  DisputeUpdated,
  DomainEvent,
  PaymentEvent,
  PaymentFailed,
  PaymentRef,
  PaymentSucceeded,
  RefundState,
  RefundUpdated,
} from '../../domain/events/domain-event';
import type { Money } from '../../domain/money';
import { buyerDetails, text } from '../buyer-details';
import { arr, compactRef, num, obj, str, type Json } from '../json-reading';
import type { ProviderEvent } from '../payment-provider';
import { amountOf, idOf, stripeAddress } from './stripe-json';
import { paymentMethodEvents } from './stripe-payment-method-mapper';
import {
  invoicePaid,
  invoicePaymentFailed,
  invoicePaymentPaid,
  subscriptionChanged,
  subscriptionSessionExpired,
} from './stripe-subscription-mapper';

/**
 * Stripe events and objects -> provider-neutral domain events. Pure functions over the JSON as
 * Stripe sent it: payloads of several API versions are read defensively (an expandable field may
 * be an id or an object; fields newer versions dropped may be missing).
 */

function metadataPaymentId(o: Json): string | undefined {
  return str(obj(o.metadata)?.payment_id);
}
function hasRef(ref: PaymentRef): boolean {
  return Boolean(ref.paymentId || ref.providerSessionId || ref.providerPaymentId);
}

export function sessionRef(session: Json): PaymentRef {
  return compactRef({
    paymentId: metadataPaymentId(session) ?? str(session.client_reference_id),
    providerSessionId: str(session.id),
    providerPaymentId: idOf(session.payment_intent),
  });
}

export function paymentIntentRef(intent: Json): PaymentRef {
  return compactRef({ paymentId: metadataPaymentId(intent), providerPaymentId: str(intent.id) });
}

/**
 * Who paid, from a Checkout Session's `customer_details` (billing address and tax IDs, which we ask
 * Checkout to collect). A business buyer's legal name (`business_name`, entered with the tax ID) is
 * the one their tax ID belongs to, so it goes before the cardholder's `name`. Sessions from before
 * March 2022 have no address or name; PaymentIntents have no customer_details at all.
 */
export function sessionBuyer(session: Json): BuyerDetails | undefined {
  const details = obj(session.customer_details);
  if (!details) return undefined;
  return buyerDetails({
    name: text(details.business_name) ?? text(details.name) ?? text(details.individual_name),
    email: details.email,
    address: stripeAddress(details.address),
    taxIds: arr(details.tax_ids).map((t) => ({ type: t.type, value: t.value })),
  });
}

function sessionSucceeded(session: Json, occurredAt: Date, amount: Money): PaymentSucceeded {
  const buyer = sessionBuyer(session);
  return {
    kind: 'PaymentSucceeded',
    provider: 'stripe',
    occurredAt,
    ref: sessionRef(session),
    amount,
    ...(buyer ? { buyer } : {}),
  };
}

interface Failure {
  code: string;
  reason: string;
}

function lastPaymentError(intent: Json | undefined): Failure | undefined {
  const error = obj(intent?.last_payment_error);
  if (!error) return undefined;
  return {
    code: str(error.decline_code) ?? str(error.code) ?? str(error.type) ?? 'payment_failed',
    reason: str(error.message) ?? 'The payment was declined',
  };
}

function paymentFailed(ref: PaymentRef, occurredAt: Date, failure: Failure): PaymentFailed {
  return {
    kind: 'PaymentFailed',
    provider: 'stripe',
    occurredAt,
    ref,
    failureCode: failure.code,
    failureReason: failure.reason,
  };
}

/** What a Checkout Session in its current state says about the payment. */
function sessionOutcome(session: Json, occurredAt: Date, completedEvent: boolean): PaymentEvent[] {
  const ref = sessionRef(session);
  const paymentStatus = str(session.payment_status);
  const amount = amountOf(session.amount_total, session.currency);
  if ((paymentStatus === 'paid' || paymentStatus === 'no_payment_required') && amount) {
    return [sessionSucceeded(session, occurredAt, amount)];
  }
  if (paymentStatus === 'unpaid' || completedEvent) {
    // Completed but not paid yet (async methods), or an old payload without amount/payment_status:
    // the money is not confirmed, the state is settled later by an async_payment_* event or by
    // fetching the session.
    return [{ kind: 'PaymentProcessing', provider: 'stripe', occurredAt, ref }];
  }
  return [];
}

/** A Stripe refund status as ours. A status newer than we know is treated as still in flight. */
export function stripeRefundStatus(status: unknown): RefundState {
  switch (status) {
    case 'pending':
    case 'requires_action':
    case 'succeeded':
    case 'failed':
    case 'canceled':
      return status;
    default:
      return 'pending';
  }
}

/** Stripe only explains a refund's end when it failed or was canceled (`failure_reason`). */
const REFUND_STATES_WITH_REASON: ReadonlySet<RefundState> = new Set(['failed', 'canceled']);

/**
 * A Stripe Refund object (from an event, an API answer or a list) as RefundUpdated. Our ids come
 * from the refund's metadata (set by StripeRefunds.refund), else from its charge when expanded,
 * else from `fallback` (what the caller already knows: the charge of `charge.refunded`, or the
 * payment a fetch was for). A refund made in Stripe's dashboard has no `refund_id`.
 */
export function refundEvent(refund: Json, occurredAt: Date, fallback: PaymentRef = {}): RefundUpdated | undefined {
  const id = str(refund.id);
  const amount = amountOf(refund.amount, refund.currency);
  if (!id || !amount || (refund.object !== undefined && refund.object !== 'refund')) return undefined;
  const charge = obj(refund.charge);
  const ref = compactRef({
    paymentId: metadataPaymentId(refund) ?? (charge ? metadataPaymentId(charge) : undefined) ?? fallback.paymentId,
    providerSessionId: fallback.providerSessionId,
    providerPaymentId:
      idOf(refund.payment_intent) ?? (charge ? idOf(charge.payment_intent) : undefined) ?? fallback.providerPaymentId,
    kind: fallback.kind,
  });
  const status = stripeRefundStatus(refund.status);
  const refundId = str(obj(refund.metadata)?.refund_id);
  const failureReason = REFUND_STATES_WITH_REASON.has(status) ? str(refund.failure_reason) : undefined;
  return {
    kind: 'RefundUpdated',
    provider: 'stripe',
    occurredAt,
    ref,
    providerRefundId: id,
    ...(refundId ? { refundId } : {}),
    amount,
    status,
    ...(failureReason ? { failureReason } : {}),
  };
}

function chargeRef(charge: Json): PaymentRef {
  return compactRef({ paymentId: metadataPaymentId(charge), providerPaymentId: idOf(charge.payment_intent) });
}

/**
 * Quirk: API versions before 2022-11-15 embed a charge's refunds in the Charge (`refunds.data`,
 * the newest 10, `has_more` when there are more); later versions leave `refunds` out unless it is
 * expanded, and event payloads are never expanded. An endpoint receives events in its own API
 * version, so both shapes reach us. Returns the embedded refunds and whether the list is whole,
 * or undefined when nothing is embedded.
 */
export function embeddedRefunds(charge: Json): { refunds: Json[]; complete: boolean } | undefined {
  const list = obj(charge.refunds);
  if (!list || !Array.isArray(list.data)) return undefined;
  return { refunds: arr(list.data), complete: list.has_more !== true };
}

/** `charge.refunded`: each embedded refund, and RefundsChanged when the event does not list them all. */
function chargeRefunded(charge: Json, occurredAt: Date): PaymentEvent[] {
  const ref = chargeRef(charge);
  const embedded = embeddedRefunds(charge);
  const events: PaymentEvent[] = (embedded?.refunds ?? [])
    .map((r) => refundEvent(r, occurredAt, ref))
    .filter((e): e is RefundUpdated => e !== undefined);
  if ((!embedded || !embedded.complete) && hasRef(ref)) {
    events.push({ kind: 'RefundsChanged', provider: 'stripe', occurredAt, ref });
  }
  return events;
}

/**
 * Stripe dispute statuses as our DisputeState:
 * - `warning_needs_response`, `warning_under_review`: an inquiry (the issuer asks questions before
 *   any chargeback); no money has moved -> inquiry.
 * - `warning_closed`: the inquiry ended without a chargeback -> inquiry_closed. So does the legacy
 *   `charge_refunded` (old API versions: the inquiry ended because we refunded; that money moved
 *   as a refund, which refund events report).
 * - `needs_response`, `under_review`: an open chargeback, as named.
 * - `won` -> won; `lost` -> lost.
 * - `prevented` -> lost: the issuer's prevention program resolved the dispute by giving the
 *   cardholder their money back from our balance; no chargeback, but the money is gone. Not a win.
 * - `appeal_needs_response`, `appeal_under_review` (API 2026-09-30+): we are appealing a lost
 *   decision. Until an appeal is won the money stays gone, so they stay lost; a won appeal arrives
 *   as `won` with `charge.dispute.funds_reinstated`.
 * A status we do not know yet maps to undefined: guessing could release or revoke access wrongly.
 */
const STRIPE_DISPUTE_STATES: Readonly<Record<string, DisputeState>> = {
  warning_needs_response: 'inquiry',
  warning_under_review: 'inquiry',
  warning_closed: 'inquiry_closed',
  charge_refunded: 'inquiry_closed',
  needs_response: 'needs_response',
  under_review: 'under_review',
  won: 'won',
  lost: 'lost',
  prevented: 'lost',
  appeal_needs_response: 'lost',
  appeal_under_review: 'lost',
};

export function stripeDisputeState(status: unknown): DisputeState | undefined {
  const s = str(status);
  return s !== undefined && Object.hasOwn(STRIPE_DISPUTE_STATES, s) ? STRIPE_DISPUTE_STATES[s] : undefined;
}

/** Events that say outright whether the disputed money is out of our balance. */
const DISPUTE_FUNDS_EVENTS: Readonly<Record<string, boolean>> = {
  'charge.dispute.funds_withdrawn': true,
  'charge.dispute.funds_reinstated': false,
};

/**
 * Whether a dispute's money is out of our balance, read from `balance_transactions` (zero, one or
 * two: the withdrawal, then the reinstatement). Expanded objects are summed; bare ids are counted.
 * An empty list says nothing yet: `charge.dispute.created` is often sent just before
 * `.funds_withdrawn` within the same second, so "false" there could undo the withdrawal.
 */
export function disputeFundsWithdrawn(dispute: Json): boolean | undefined {
  const transactions = dispute.balance_transactions;
  if (!Array.isArray(transactions) || transactions.length === 0) return undefined;
  const amounts = transactions.map((t) => num(obj(t)?.amount));
  if (amounts.every((a): a is number => a !== undefined)) return amounts.reduce((sum, a) => sum + a, 0) < 0;
  return transactions.length % 2 === 1;
}

function disputeRef(dispute: Json): PaymentRef {
  const charge = obj(dispute.charge);
  return compactRef({
    paymentId: metadataPaymentId(dispute) ?? (charge ? metadataPaymentId(charge) : undefined),
    providerPaymentId: idOf(dispute.payment_intent) ?? (charge ? idOf(charge.payment_intent) : undefined),
  });
}

/**
 * A Stripe Dispute object as DisputeUpdated; `fundsWithdrawn` as the event type says, else as the
 * dispute's balance transactions say. The ref is empty when Stripe names only the charge (a
 * charge made without a PaymentIntent): then only the dispute id links it, and
 * DisputeCapability.getDispute (which expands the charge) fills the ref in.
 */
export function disputeEvent(dispute: Json, occurredAt: Date, eventType?: string): DisputeUpdated | undefined {
  const id = str(dispute.id);
  const amount = amountOf(dispute.amount, dispute.currency);
  const status = stripeDisputeState(dispute.status);
  if (!id || !amount || !status) return undefined;
  const fundsWithdrawn =
    eventType !== undefined && Object.hasOwn(DISPUTE_FUNDS_EVENTS, eventType)
      ? DISPUTE_FUNDS_EVENTS[eventType]
      : disputeFundsWithdrawn(dispute);
  return {
    kind: 'DisputeUpdated',
    provider: 'stripe',
    occurredAt,
    ref: disputeRef(dispute),
    providerDisputeId: id,
    amount,
    reason: str(dispute.reason) ?? 'unknown',
    status,
    ...(fundsWithdrawn !== undefined ? { fundsWithdrawn } : {}),
  };
}

export function normalizeStripeEvent(event: ProviderEvent): DomainEvent[] {
  const payload = event.payload;
  const object = obj(obj(payload.data)?.object);
  if (!object) return [];
  const created = num(payload.created);
  const occurredAt = created !== undefined ? new Date(created * 1000) : event.createdAt;

  const methodEvents = paymentMethodEvents(event.type, object, obj(obj(payload.data)?.previous_attributes), occurredAt);
  if (methodEvents) return methodEvents;
  // A setup saves a card and pays nothing: its SetupIntent's and PaymentMethod's events tell.
  if (event.type.startsWith('checkout.session.') && isSetupSession(object)) return [];
  if (event.type.startsWith('checkout.session.') && isSubscriptionSession(object)) {
    return subscriptionSessionEvents(event.type, object, occurredAt);
  }

  switch (event.type) {
    case 'checkout.session.completed':
      return sessionOutcome(object, occurredAt, true);
    case 'checkout.session.async_payment_succeeded': {
      const amount = amountOf(object.amount_total, object.currency);
      return amount
        ? [sessionSucceeded(object, occurredAt, amount)]
        : [{ kind: 'PaymentProcessing', provider: 'stripe', occurredAt, ref: sessionRef(object) }];
    }
    case 'checkout.session.async_payment_failed':
      return [
        paymentFailed(
          sessionRef(object),
          occurredAt,
          lastPaymentError(obj(object.payment_intent)) ?? {
            code: 'async_payment_failed',
            reason: 'The payment could not be completed by the payment method',
          },
        ),
      ];
    case 'checkout.session.expired':
      return [{ kind: 'PaymentCanceled', provider: 'stripe', occurredAt, ref: sessionRef(object), reason: 'expired' }];
    case 'payment_intent.payment_failed':
      return [
        paymentFailed(
          paymentIntentRef(object),
          occurredAt,
          lastPaymentError(object) ?? { code: 'payment_failed', reason: 'The payment failed' },
        ),
      ];
    case 'payment_intent.succeeded': {
      // A PaymentIntent carries no customer_details: the session's events bring the buyer.
      const amount = amountOf(object.amount_received ?? object.amount, object.currency);
      if (!amount) return [];
      return [{ kind: 'PaymentSucceeded', provider: 'stripe', occurredAt, ref: paymentIntentRef(object), amount }];
    }
    case 'charge.refunded':
      return chargeRefunded(object, occurredAt);
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed':
    case 'charge.refund.updated': {
      // charge.refund.updated carries a Refund too (sent for some payment methods only).
      const e = refundEvent(object, occurredAt);
      return e ? [e] : [];
    }
    case 'charge.dispute.created':
    case 'charge.dispute.updated':
    case 'charge.dispute.closed':
    case 'charge.dispute.funds_withdrawn':
    case 'charge.dispute.funds_reinstated': {
      const e = disputeEvent(object, occurredAt, event.type);
      return e ? [e] : [];
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
    case 'customer.subscription.paused':
    case 'customer.subscription.resumed': {
      const e = subscriptionChanged(object, occurredAt);
      return e ? [e] : [];
    }
    case 'customer.subscription.trial_will_end':
      // A reminder three days before the trial ends; the subscription itself has not changed.
      return [];
    case 'invoice.paid': {
      const e = invoicePaid(object, occurredAt);
      return e ? [e] : [];
    }
    case 'invoice.payment_succeeded':
      // Sent with invoice.paid for the same payment (not for invoices marked paid out of band): the same fact.
      return [];
    case 'invoice_payment.paid': {
      const e = invoicePaymentPaid(object, occurredAt);
      return e ? [e] : [];
    }
    case 'invoice.payment_failed':
    case 'invoice.payment_action_required': {
      const e = invoicePaymentFailed(object, occurredAt, event.type === 'invoice.payment_action_required');
      return e ? [e] : [];
    }
    default:
      return [];
  }
}

/**
 * Quirk: a Checkout Session in subscription mode pays the subscription's first invoice, and its
 * payment is the invoice's (invoice.paid / invoice_payment.paid), not the session's: the session
 * has no payment_intent, and its `metadata` / `client_reference_id` hold our subscription id, not a
 * payment id. Its completion therefore says nothing about a payment of ours.
 */
export function isSubscriptionSession(session: Json): boolean {
  return str(session.mode) === 'subscription';
}

/**
 * A Checkout Session in setup mode saves a card for later (our payment-method setups): it has no
 * payment, and its metadata holds our setup id, not a payment id.
 */
export function isSetupSession(session: Json): boolean {
  return str(session.mode) === 'setup';
}

/**
 * The session events of a subscription checkout: completed and async_payment_* bring nothing the
 * subscription and invoice events do not (and better); an expired session means the student never
 * paid and the subscription never started.
 */
function subscriptionSessionEvents(type: string, session: Json, occurredAt: Date): DomainEvent[] {
  if (type !== 'checkout.session.expired') return [];
  const e = subscriptionSessionExpired(session, occurredAt);
  return e ? [e] : [];
}

/**
 * The events a Checkout Session's current state implies (reconciliation). The session's
 * payment_intent should be expanded so a failed attempt on a still-open session is visible.
 * Subscription checkouts imply none: their subscription is fetched instead (getSubscription).
 */
export function eventsFromSession(session: Json, now: Date): PaymentEvent[] {
  // Subscription and setup checkouts are no payment of ours (see isSubscriptionSession, isSetupSession).
  if (isSubscriptionSession(session) || isSetupSession(session)) return [];
  const status = str(session.status);
  const ref = sessionRef(session);
  if (status === 'complete') return sessionOutcome(session, now, true);
  if (status === 'expired')
    return [{ kind: 'PaymentCanceled', provider: 'stripe', occurredAt: now, ref, reason: 'expired' }];
  if (status === 'open') {
    const intent = obj(session.payment_intent);
    const failure = lastPaymentError(intent);
    if (intent && failure && str(intent.status) === 'requires_payment_method') {
      return [paymentFailed(ref, now, failure)];
    }
  }
  return [];
}

/** The events a PaymentIntent's current state implies (when only its id is known). */
export function eventsFromPaymentIntent(intent: Json, now: Date): PaymentEvent[] {
  const ref = paymentIntentRef(intent);
  switch (str(intent.status)) {
    case 'succeeded': {
      const amount = amountOf(intent.amount_received ?? intent.amount, intent.currency);
      return amount ? [{ kind: 'PaymentSucceeded', provider: 'stripe', occurredAt: now, ref, amount }] : [];
    }
    case 'processing':
      return [{ kind: 'PaymentProcessing', provider: 'stripe', occurredAt: now, ref }];
    case 'canceled':
      return [
        {
          kind: 'PaymentCanceled',
          provider: 'stripe',
          occurredAt: now,
          ref,
          reason: str(intent.cancellation_reason) ?? 'canceled',
        },
      ];
    case 'requires_payment_method': {
      const failure = lastPaymentError(intent);
      return failure ? [paymentFailed(ref, now, failure)] : [];
    }
    default:
      return [];
  }
}
