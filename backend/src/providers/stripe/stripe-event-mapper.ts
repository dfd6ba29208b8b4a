import type { DomainEvent, PaymentFailed, PaymentRef, RefundUpdated } from '../../domain/events/domain-event';
import { fromStripeAmount, type Money } from '../../domain/money';
import { compactRef, num, obj, str, type Json } from '../json-reading';
import type { ProviderEvent } from '../payment-provider';

/**
 * Stripe events and objects -> provider-neutral domain events. Pure functions over the JSON as
 * Stripe sent it: payloads of several API versions are read defensively (an expandable field may
 * be an id or an object; fields newer versions dropped may be missing).
 */

/** An expandable field: "pi_123" or {id: "pi_123", ...}. */
function idOf(value: unknown): string | undefined {
  return str(value) ?? str(obj(value)?.id);
}
function metadataPaymentId(o: Json): string | undefined {
  return str(obj(o.metadata)?.payment_id);
}
function amountOf(amount: unknown, currency: unknown): Money | undefined {
  const a = num(amount);
  const c = str(currency);
  return a === undefined || c === undefined ? undefined : fromStripeAmount(a, c);
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
function sessionOutcome(session: Json, occurredAt: Date, completedEvent: boolean): DomainEvent[] {
  const ref = sessionRef(session);
  const paymentStatus = str(session.payment_status);
  const amount = amountOf(session.amount_total, session.currency);
  if ((paymentStatus === 'paid' || paymentStatus === 'no_payment_required') && amount) {
    return [{ kind: 'PaymentSucceeded', provider: 'stripe', occurredAt, ref, amount }];
  }
  if (paymentStatus === 'unpaid' || completedEvent) {
    // Completed but not paid yet (async methods), or an old payload without amount/payment_status:
    // the money is not confirmed, the state is settled later by an async_payment_* event or by
    // fetching the session.
    return [{ kind: 'PaymentProcessing', provider: 'stripe', occurredAt, ref }];
  }
  return [];
}

/** A Stripe refund status (pending, requires_action, succeeded, failed, canceled) as ours. */
export function stripeRefundStatus(status: unknown): RefundUpdated['status'] {
  switch (status) {
    case 'succeeded':
      return 'succeeded';
    case 'failed':
      return 'failed';
    case 'canceled':
      return 'canceled';
    default:
      return 'pending'; // pending, requires_action
  }
}

function refundEvent(refund: Json, occurredAt: Date, fallback: PaymentRef): RefundUpdated | undefined {
  const id = str(refund.id);
  const amount = amountOf(refund.amount, refund.currency);
  if (!id || !amount) return undefined;
  const ref = compactRef({
    paymentId: metadataPaymentId(refund) ?? fallback.paymentId,
    providerPaymentId: idOf(refund.payment_intent) ?? fallback.providerPaymentId,
  });
  return {
    kind: 'RefundUpdated',
    provider: 'stripe',
    occurredAt,
    ref,
    providerRefundId: id,
    amount,
    status: stripeRefundStatus(refund.status),
  };
}

function disputeRef(dispute: Json): PaymentRef {
  const charge = obj(dispute.charge);
  return compactRef({
    paymentId: metadataPaymentId(dispute) ?? (charge ? metadataPaymentId(charge) : undefined),
    providerPaymentId: idOf(dispute.payment_intent) ?? (charge ? idOf(charge.payment_intent) : undefined),
  });
}

export function normalizeStripeEvent(event: ProviderEvent): DomainEvent[] {
  const payload = event.payload;
  const object = obj(obj(payload.data)?.object);
  if (!object) return [];
  const created = num(payload.created);
  const occurredAt = created !== undefined ? new Date(created * 1000) : event.createdAt;

  switch (event.type) {
    case 'checkout.session.completed':
      return sessionOutcome(object, occurredAt, true);
    case 'checkout.session.async_payment_succeeded': {
      const amount = amountOf(object.amount_total, object.currency);
      const ref = sessionRef(object);
      return amount
        ? [{ kind: 'PaymentSucceeded', provider: 'stripe', occurredAt, ref, amount }]
        : [{ kind: 'PaymentProcessing', provider: 'stripe', occurredAt, ref }];
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
      const amount = amountOf(object.amount_received ?? object.amount, object.currency);
      if (!amount) return [];
      return [{ kind: 'PaymentSucceeded', provider: 'stripe', occurredAt, ref: paymentIntentRef(object), amount }];
    }
    case 'charge.refunded': {
      const chargeRef = compactRef({
        paymentId: metadataPaymentId(object),
        providerPaymentId: idOf(object.payment_intent),
      });
      const refunds = obj(object.refunds)?.data;
      if (!Array.isArray(refunds)) return []; // newer API versions do not embed refunds: refund.* events carry them
      return refunds
        .map((r) => obj(r))
        .filter((r): r is Json => r !== undefined)
        .map((r) => refundEvent(r, occurredAt, chargeRef))
        .filter((e): e is RefundUpdated => e !== undefined);
    }
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed':
    case 'charge.refund.updated': {
      const e = refundEvent(object, occurredAt, {});
      return e ? [e] : [];
    }
    case 'charge.dispute.created': {
      const ref = disputeRef(object);
      const amount = amountOf(object.amount, object.currency);
      const id = str(object.id);
      if (!hasRef(ref) || !amount || !id) return [];
      return [
        {
          kind: 'DisputeOpened',
          provider: 'stripe',
          occurredAt,
          ref,
          providerDisputeId: id,
          amount,
          reason: str(object.reason) ?? 'unknown',
        },
      ];
    }
    case 'charge.dispute.closed': {
      const ref = disputeRef(object);
      const id = str(object.id);
      if (!hasRef(ref) || !id) return [];
      const status = str(object.status);
      const won = status === 'won' || status === 'warning_closed' || status === 'prevented';
      return [
        {
          kind: 'DisputeClosed',
          provider: 'stripe',
          occurredAt,
          ref,
          providerDisputeId: id,
          outcome: won ? 'won' : 'lost',
        },
      ];
    }
    default:
      return [];
  }
}

/**
 * The events a Checkout Session's current state implies (reconciliation). The session's
 * payment_intent should be expanded so a failed attempt on a still-open session is visible.
 */
export function eventsFromSession(session: Json, now: Date): DomainEvent[] {
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
export function eventsFromPaymentIntent(intent: Json, now: Date): DomainEvent[] {
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
