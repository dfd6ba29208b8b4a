import type { DomainEvent, PaymentRef, RefundUpdated } from '../../domain/events/domain-event';
import { fromPayPalAmount, type Money } from '../../domain/money';
import { arr, compactRef, obj, str, type Json } from '../json-reading';
import type { ProviderEvent } from '../payment-provider';

/**
 * PayPal webhook events, orders and captures -> provider-neutral domain events. Pure functions
 * over PayPal's JSON, read defensively.
 */

/**
 * PayPal timestamps, leniently: simulator samples carry impossible dates ("2018-19-12T…") that
 * must not break processing. Returns undefined for anything that is not a real instant.
 */
export function parsePayPalTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(value);
  if (!m) return undefined;
  const [, , month, day, hour, minute, second] = m.map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function amountOf(value: unknown): Money | undefined {
  const a = obj(value);
  const v = str(a?.value);
  const c = str(a?.currency_code);
  return v && c ? fromPayPalAmount({ value: v, currency_code: c }) : undefined;
}

/** The id at the end of a HATEOAS link with the given rel whose path contains `segment`. */
function linkedId(resource: Json, rel: string, segment: string): string | undefined {
  const link = arr(resource.links).find((l) => l.rel === rel && typeof l.href === 'string' && l.href.includes(segment));
  const href = str(link?.href);
  if (!href) return undefined;
  try {
    const parts = new URL(href).pathname.split('/').filter(Boolean);
    return parts[parts.length - 1];
  } catch {
    return undefined;
  }
}

export function captureRef(capture: Json, fallback: PaymentRef = {}): PaymentRef {
  return compactRef({
    paymentId: str(capture.custom_id) ?? fallback.paymentId,
    providerSessionId:
      str(obj(obj(capture.supplementary_data)?.related_ids)?.order_id) ??
      linkedId(capture, 'up', '/checkout/orders/') ??
      fallback.providerSessionId,
    providerPaymentId: str(capture.id) ?? fallback.providerPaymentId,
  });
}

/** What one capture's status means for the payment. */
export function eventsFromCapture(capture: Json, occurredAt: Date, fallback: PaymentRef = {}): DomainEvent[] {
  const ref = captureRef(capture, fallback);
  const status = str(capture.status);
  switch (status) {
    case 'COMPLETED':
    case 'PARTIALLY_REFUNDED':
    case 'REFUNDED': {
      // Refunded captures were paid first; refunds arrive as their own events.
      const amount = amountOf(capture.amount);
      return amount ? [{ kind: 'PaymentSucceeded', provider: 'paypal', occurredAt, ref, amount }] : [];
    }
    case 'PENDING':
      return [{ kind: 'PaymentProcessing', provider: 'paypal', occurredAt, ref }];
    case 'DECLINED':
    case 'FAILED': {
      const reason = str(obj(capture.status_details)?.reason);
      return [
        {
          kind: 'PaymentFailed',
          provider: 'paypal',
          occurredAt,
          ref,
          failureCode: status === 'DECLINED' ? 'capture_declined' : 'capture_failed',
          failureReason: reason
            ? `PayPal ${status.toLowerCase()} the capture: ${reason}`
            : `PayPal ${status.toLowerCase()} the payment`,
        },
      ];
    }
    default:
      return [];
  }
}

function orderPaymentId(order: Json): string | undefined {
  return str(arr(order.purchase_units)[0]?.custom_id);
}

/** The most recent capture of an order (there is one for our single-unit, CAPTURE-intent orders). */
export function latestCapture(order: Json): Json | undefined {
  const captures = arr(order.purchase_units).flatMap((u) => arr(obj(u.payments)?.captures));
  if (captures.length <= 1) return captures[0];
  return [...captures].sort(
    (a, b) => (parsePayPalTime(b.create_time)?.getTime() ?? 0) - (parsePayPalTime(a.create_time)?.getTime() ?? 0),
  )[0];
}

/** The events an order's current state implies (capture response, or a fetched order). */
export function eventsFromOrder(order: Json, occurredAt: Date): DomainEvent[] {
  const ref = compactRef({ paymentId: orderPaymentId(order), providerSessionId: str(order.id) });
  switch (str(order.status)) {
    case 'APPROVED':
      return [{ kind: 'PaymentApproved', provider: 'paypal', occurredAt, ref }];
    case 'COMPLETED': {
      const capture = latestCapture(order);
      return capture ? eventsFromCapture(capture, occurredAt, ref) : [];
    }
    case 'VOIDED':
      return [{ kind: 'PaymentCanceled', provider: 'paypal', occurredAt, ref, reason: 'voided' }];
    default:
      return [];
  }
}

/** A PayPal refund status (PENDING, COMPLETED, FAILED, CANCELLED) as ours. */
export function payPalRefundStatus(status: unknown): RefundUpdated['status'] {
  switch (status) {
    case 'COMPLETED':
      return 'succeeded';
    case 'FAILED':
      return 'failed';
    case 'CANCELLED':
      return 'canceled';
    default:
      return 'pending';
  }
}

export function normalizePayPalEvent(event: ProviderEvent): DomainEvent[] {
  const payload = event.payload;
  const resource = obj(payload.resource);
  if (!resource) return [];
  const occurredAt = parsePayPalTime(payload.create_time) ?? event.createdAt;

  switch (event.type) {
    case 'CHECKOUT.ORDER.APPROVED':
      return [
        {
          kind: 'PaymentApproved',
          provider: 'paypal',
          occurredAt,
          ref: compactRef({ paymentId: orderPaymentId(resource), providerSessionId: str(resource.id) }),
        },
      ];
    case 'CHECKOUT.ORDER.VOIDED':
      return [
        {
          kind: 'PaymentCanceled',
          provider: 'paypal',
          occurredAt,
          ref: compactRef({ paymentId: orderPaymentId(resource), providerSessionId: str(resource.id) }),
          reason: 'voided',
        },
      ];
    case 'PAYMENT.CAPTURE.COMPLETED':
    case 'PAYMENT.CAPTURE.PENDING':
    case 'PAYMENT.CAPTURE.DENIED': {
      // The event type is the fact; the resource status normally agrees with it.
      const status =
        event.type === 'PAYMENT.CAPTURE.COMPLETED'
          ? 'COMPLETED'
          : event.type === 'PAYMENT.CAPTURE.PENDING'
            ? 'PENDING'
            : 'DECLINED';
      return eventsFromCapture({ ...resource, status }, occurredAt);
    }
    case 'PAYMENT.CAPTURE.REFUNDED':
    case 'PAYMENT.CAPTURE.REVERSED': {
      const id = str(resource.id);
      const amount = amountOf(resource.amount);
      if (!id || !amount) return [];
      const ref = compactRef({
        paymentId: str(resource.custom_id),
        providerPaymentId: linkedId(resource, 'up', '/captures/'),
      });
      return [
        {
          kind: 'RefundUpdated',
          provider: 'paypal',
          occurredAt,
          ref,
          providerRefundId: id,
          amount,
          status: payPalRefundStatus(resource.status),
        },
      ];
    }
    default:
      return [];
  }
}
