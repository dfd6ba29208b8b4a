import type {
  BuyerDetails,
  DisputeState,
  DisputeUpdated,
  DomainEvent,
  PaymentEvent,
  PaymentRef,
  PaymentReversed,
  RefundUpdated,
} from '../../domain/events/domain-event';
import { buyerDetails, postalAddress, text } from '../buyer-details';
import { arr, compactRef, obj, str, type Json } from '../json-reading';
import type { ProviderEvent } from '../payment-provider';
import { amountOf, parsePayPalTime } from './paypal-json';
import {
  payPalSubscriptionChanged,
  payPalSubscriptionPaymentFailed,
  saleCompleted,
  saleDenied,
  saleRefundUpdated,
  saleReversed,
} from './paypal-subscription-mapper';
import { vaultEvents } from './paypal-vault-mapper';

export { amountOf, parsePayPalTime } from './paypal-json';

/**
 * PayPal webhook events, orders and captures -> provider-neutral domain events. Pure functions
 * over PayPal's JSON, read defensively. Subscriptions and their v1 sales: paypal-subscription-mapper.ts;
 * saved wallets (vault payment tokens): paypal-vault-mapper.ts.
 */

/** The id at the end of a HATEOAS link with the given rel whose path contains `segment`. */
export function linkedId(resource: Json, rel: string, segment: string): string | undefined {
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

/**
 * Who paid, from an order's `payer` (capture answers and fetched orders carry it; capture resources
 * and their webhooks do not). PayPal reports no tax IDs for the buyer here, so `taxIds` is empty.
 */
export function payerBuyer(order: Json): BuyerDetails | undefined {
  const payer = obj(order.payer);
  if (!payer) return undefined;
  const name = obj(payer.name);
  const fullName =
    [text(name?.given_name), text(name?.surname)].filter((part) => part !== undefined).join(' ') ||
    text(name?.full_name);
  const address = obj(payer.address);
  return buyerDetails({
    name: fullName,
    email: payer.email_address,
    address: address
      ? postalAddress({
          line1: address.address_line_1,
          line2: address.address_line_2,
          city: address.admin_area_2,
          postalCode: address.postal_code,
          region: address.admin_area_1,
          country: address.country_code,
        })
      : undefined,
    taxIds: [],
  });
}

/**
 * What one capture's status means for the payment. `buyer` is the order's payer when the capture
 * came inside an order; a PaymentSucceeded carries it.
 */
export function eventsFromCapture(
  capture: Json,
  occurredAt: Date,
  fallback: PaymentRef = {},
  buyer?: BuyerDetails,
): PaymentEvent[] {
  const ref = captureRef(capture, fallback);
  const status = str(capture.status);
  switch (status) {
    case 'COMPLETED':
    case 'PARTIALLY_REFUNDED':
    case 'REFUNDED': {
      // Refunded captures were paid first; refunds arrive as their own events.
      const amount = amountOf(capture.amount);
      return amount
        ? [{ kind: 'PaymentSucceeded', provider: 'paypal', occurredAt, ref, amount, ...(buyer ? { buyer } : {}) }]
        : [];
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

export function orderPaymentId(order: Json): string | undefined {
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
export function eventsFromOrder(order: Json, occurredAt: Date): PaymentEvent[] {
  const ref = compactRef({ paymentId: orderPaymentId(order), providerSessionId: str(order.id) });
  switch (str(order.status)) {
    case 'APPROVED':
      return [{ kind: 'PaymentApproved', provider: 'paypal', occurredAt, ref }];
    case 'COMPLETED': {
      const capture = latestCapture(order);
      return capture ? eventsFromCapture(capture, occurredAt, ref, payerBuyer(order)) : [];
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
      // PENDING, and anything PayPal adds later: not final, so reconciliation keeps asking.
      return 'pending';
  }
}

/**
 * Our refund id, which we send as the refund's `invoice_id`. Only trusted when `custom_id` (our payment
 * id, sent with it) is there too: a refund made in PayPal's dashboard can carry an invoice number the
 * merchant typed, but the dashboard cannot set `custom_id`, so such a refund is matched by its PayPal id.
 */
export function ourRefundId(refund: Json): string | undefined {
  return str(refund.custom_id) ? str(refund.invoice_id) : undefined;
}

/**
 * One PayPal refund (refund answer, `GET /v2/payments/refunds/{id}`, an order's `payments.refunds[]`, the
 * resource of PAYMENT.CAPTURE.REFUNDED) as a RefundUpdated; `fallback` fills what the object lacks.
 */
export function refundUpdated(refund: Json, occurredAt: Date, fallback: PaymentRef = {}): RefundUpdated | undefined {
  const id = str(refund.id);
  const amount = amountOf(refund.amount);
  if (!id || !amount) return undefined;
  const status = payPalRefundStatus(refund.status);
  const event: RefundUpdated = {
    kind: 'RefundUpdated',
    provider: 'paypal',
    occurredAt,
    ref: compactRef({
      paymentId: str(refund.custom_id) ?? fallback.paymentId,
      providerSessionId: fallback.providerSessionId,
      providerPaymentId: linkedId(refund, 'up', '/captures/') ?? fallback.providerPaymentId,
    }),
    providerRefundId: id,
    amount,
    status,
  };
  const refundId = ourRefundId(refund);
  if (refundId) event.refundId = refundId;
  // PayPal's only documented reason (status_details.reason) is ECHECK: the eCheck funding it did not clear.
  const reason = str(obj(refund.status_details)?.reason);
  if (status === 'failed' || status === 'canceled')
    event.failureReason = reason ? reason.toLowerCase() : 'refund_failed';
  return event;
}

/**
 * Quirk: PAYMENT.CAPTURE.REFUNDED normally carries the refund (resource_type `refund`, `up` → capture),
 * but some integrations receive the refunded capture itself. Then the event names no refund, and the
 * refunds have to be fetched (RefundsChanged).
 */
export function refundEventCarriesCapture(payload: Json, resource: Json): boolean {
  if (payload.resource_type === 'capture') return true;
  return !linkedId(resource, 'up', '/captures/') && linkedId(resource, 'self', '/captures/') !== undefined;
}

/**
 * PAYMENT.CAPTURE.REVERSED: PayPal took a capture's money back for a chargeback or a claim. Its resource
 * is refund-shaped (`event.PAYMENT.CAPTURE.REVERSED.json`: own id, `up` → capture, note "Payment
 * reversed"); it is not a refund of ours, so it is a PaymentReversed, never a RefundUpdated.
 */
function paymentReversed(payload: Json, resource: Json, occurredAt: Date): PaymentReversed[] {
  const amount = amountOf(resource.amount);
  if (!amount) return [];
  if (refundEventCarriesCapture(payload, resource)) {
    const id = str(resource.id);
    return id
      ? [
          {
            kind: 'PaymentReversed',
            provider: 'paypal',
            occurredAt,
            ref: captureRef(resource),
            providerReversalId: id,
            amount,
          },
        ]
      : [];
  }
  const id = str(resource.id);
  const captureId = linkedId(resource, 'up', '/captures/');
  if (!id || !captureId) return [];
  return [
    {
      kind: 'PaymentReversed',
      provider: 'paypal',
      occurredAt,
      ref: compactRef({ paymentId: str(resource.custom_id), providerPaymentId: captureId }),
      providerReversalId: id,
      amount,
    },
  ];
}

/** Dispute outcomes that leave the money with us: decided for us, withdrawn by the buyer, or the claim denied. */
const OUTCOMES_WE_KEEP = new Set(['RESOLVED_SELLER_FAVOUR', 'CANCELED_BY_BUYER', 'DENIED']);

/**
 * Dispute outcomes where the buyer gets the money: decided for the buyer, we accepted the claim, or PayPal
 * paid the buyer out (RESOLVED_WITH_PAYOUT: whether PayPal recovers that from us depends on seller
 * protection, which the dispute does not say; treating it as lost keeps access from outliving the money).
 */
const OUTCOMES_BUYER_GETS = new Set(['RESOLVED_BUYER_FAVOUR', 'ACCEPTED', 'RESOLVED_WITH_PAYOUT']);

/** Open statuses where PayPal waits for us: a fresh case (OPEN) or one asking for our evidence. */
const STATUSES_WAITING_FOR_US = new Set(['OPEN', 'WAITING_FOR_SELLER_RESPONSE']);

/**
 * A dispute whose stage PayPal does not give is treated as a claim (CHARGEBACK), not an inquiry:
 * suspending access while it is open can be undone, handing out a course whose money may go cannot.
 */
const STAGE_WHEN_MISSING = 'CHARGEBACK';

/**
 * PayPal's dispute (stage, status, outcome) in our terms:
 * - stage INQUIRY, not resolved -> `inquiry`: the buyer asks, no money moved;
 * - resolved for us, or canceled by the buyer -> `won`, or `inquiry_closed` if it never left INQUIRY (no
 *   money moved either way, so there is nothing to "win" back);
 * - resolved for the buyer (any stage) -> `lost`: the money went back to the buyer;
 * - CHARGEBACK / PRE_ARBITRATION / ARBITRATION open -> `needs_response` while PayPal waits for us,
 *   `under_review` while it waits for the buyer or decides;
 * - resolved with no outcome we know (NONE, absent) -> `inquiry_closed` for an inquiry, else `under_review`:
 *   we neither claim a win nor write the money off; reconciliation asks again.
 */
export function payPalDisputeState(dispute: Json, resolved = false): DisputeState {
  const stage = str(dispute.dispute_life_cycle_stage) ?? STAGE_WHEN_MISSING;
  const status = str(dispute.status);
  const outcome = str(obj(dispute.dispute_outcome)?.outcome_code);
  if (resolved || status === 'RESOLVED') {
    if (outcome && OUTCOMES_BUYER_GETS.has(outcome)) return 'lost';
    if (stage === 'INQUIRY') return 'inquiry_closed';
    if (outcome && OUTCOMES_WE_KEEP.has(outcome)) return 'won';
    return 'under_review';
  }
  if (stage === 'INQUIRY') return 'inquiry';
  return status && STATUSES_WAITING_FOR_US.has(status) ? 'needs_response' : 'under_review';
}

/**
 * Whether the disputed money is out of our balance, from the dispute's `money_movements` (our DEBITs
 * minus CREDITs), else from the disputed transaction's status REVERSED; undefined when PayPal says neither.
 */
function disputeFundsWithdrawn(dispute: Json, transaction: Json | undefined): boolean | undefined {
  const movements = arr(dispute.money_movements).filter((m) => m.affected_party === 'SELLER');
  if (movements.length) {
    let net = 0;
    for (const m of movements) {
      const minor = amountOf(m.amount)?.amount ?? 0;
      if (m.type === 'DEBIT') net += minor;
      else if (m.type === 'CREDIT') net -= minor;
    }
    return net > 0;
  }
  return transaction?.transaction_status === 'REVERSED' ? true : undefined;
}

/**
 * A Disputes API dispute (GET, or a CUSTOMER.DISPUTE.* resource) as a DisputeUpdated. Our capture id is
 * the disputed transaction's `seller_transaction_id`; our payment id its `custom` (the order's custom_id).
 */
export function disputeUpdated(dispute: Json, occurredAt: Date, resolved = false): DisputeUpdated | undefined {
  const id = str(dispute.dispute_id);
  const transactions = arr(dispute.disputed_transactions);
  const transaction = transactions.find((t) => str(t.seller_transaction_id)) ?? transactions[0];
  const amount = amountOf(dispute.dispute_amount) ?? amountOf(transaction?.gross_amount);
  if (!id || !amount) return undefined;
  const event: DisputeUpdated = {
    kind: 'DisputeUpdated',
    provider: 'paypal',
    occurredAt,
    ref: compactRef({
      paymentId: str(transaction?.custom),
      providerPaymentId: str(transaction?.seller_transaction_id),
    }),
    providerDisputeId: id,
    amount,
    reason: (str(dispute.reason) ?? 'OTHER').toLowerCase(),
    status: payPalDisputeState(dispute, resolved),
  };
  const withdrawn = disputeFundsWithdrawn(dispute, transaction);
  if (withdrawn !== undefined) event.fundsWithdrawn = withdrawn;
  return event;
}

/** The capture event types and the capture status each one means (the event type is the fact). */
const CAPTURE_EVENT_STATUS: Readonly<Record<string, string>> = {
  'PAYMENT.CAPTURE.COMPLETED': 'COMPLETED',
  'PAYMENT.CAPTURE.PENDING': 'PENDING',
  // A pending capture that was then denied (risk, eCheck returned) ...
  'PAYMENT.CAPTURE.DENIED': 'DECLINED',
  // ... or declined by the processor or bank: the same outcome for us.
  'PAYMENT.CAPTURE.DECLINED': 'DECLINED',
};

/**
 * A webhook event's domain events. Any that says money arrived (PaymentSucceeded,
 * SubscriptionPaymentSucceeded) is only the body's claim: PayPal's signature covers a CRC32 of the
 * body, which a forger can match, so it is marked `unconfirmed` and settlement asks PayPal for the
 * capture or sale it names before it counts (paypal-event-confirmation.ts).
 */
export function normalizePayPalEvent(event: ProviderEvent): DomainEvent[] {
  return mapPayPalEvent(event).map((e) =>
    e.kind === 'PaymentSucceeded' || e.kind === 'SubscriptionPaymentSucceeded' ? { ...e, unconfirmed: true } : e,
  );
}

function mapPayPalEvent(event: ProviderEvent): DomainEvent[] {
  const payload = event.payload;
  const resource = obj(payload.resource);
  if (!resource) return [];
  const occurredAt = parsePayPalTime(payload.create_time) ?? event.createdAt;

  switch (event.type) {
    case 'CHECKOUT.ORDER.APPROVED': {
      // Quirk: PayPal can send APPROVED for an order that is already COMPLETED (captured meanwhile).
      // Then the capture's outcome is the fact, not an approval that would make us capture again.
      if (str(resource.status) === 'COMPLETED' && latestCapture(resource)) return eventsFromOrder(resource, occurredAt);
      return [
        {
          kind: 'PaymentApproved',
          provider: 'paypal',
          occurredAt,
          ref: compactRef({ paymentId: orderPaymentId(resource), providerSessionId: str(resource.id) }),
        },
      ];
    }
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
    case 'PAYMENT.CAPTURE.DENIED':
    case 'PAYMENT.CAPTURE.DECLINED':
      return eventsFromCapture({ ...resource, status: CAPTURE_EVENT_STATUS[event.type] }, occurredAt);
    case 'PAYMENT.CAPTURE.REFUNDED': {
      if (refundEventCarriesCapture(payload, resource)) {
        return [{ kind: 'RefundsChanged', provider: 'paypal', occurredAt, ref: captureRef(resource) }];
      }
      // PayPal has no refund-pending/-failed event types: a refund's every state (PENDING, later COMPLETED
      // or FAILED) comes as PAYMENT.CAPTURE.REFUNDED, so the resource status decides, not the event type.
      // Whether the later change is notified at all is undocumented; reconciliation polls pending refunds.
      const refund = refundUpdated(resource, occurredAt);
      return refund ? [refund] : [];
    }
    case 'PAYMENT.CAPTURE.REVERSED':
      return paymentReversed(payload, resource, occurredAt);
    case 'CUSTOMER.DISPUTE.CREATED':
    case 'CUSTOMER.DISPUTE.UPDATED':
    case 'CUSTOMER.DISPUTE.RESOLVED': {
      // The dispute resource is the fact; RESOLVED also settles it when the resource's status lags.
      const at = parsePayPalTime(payload.create_time) ?? parsePayPalTime(resource.update_time) ?? event.createdAt;
      const dispute = disputeUpdated(resource, at, event.type === 'CUSTOMER.DISPUTE.RESOLVED');
      return dispute ? [dispute] : [];
    }
    case 'BILLING.SUBSCRIPTION.CREATED':
    case 'BILLING.SUBSCRIPTION.ACTIVATED':
    case 'BILLING.SUBSCRIPTION.UPDATED':
    case 'BILLING.SUBSCRIPTION.RE-ACTIVATED':
    case 'BILLING.SUBSCRIPTION.SUSPENDED':
    case 'BILLING.SUBSCRIPTION.CANCELLED':
    case 'BILLING.SUBSCRIPTION.EXPIRED': {
      const changed = payPalSubscriptionChanged(resource, occurredAt);
      return changed ? [changed] : [];
    }
    case 'BILLING.SUBSCRIPTION.PAYMENT.FAILED': {
      // The subscription stays ACTIVE (now past due) and says what failed: both facts.
      const changed = payPalSubscriptionChanged(resource, occurredAt);
      const failed = payPalSubscriptionPaymentFailed(resource, occurredAt);
      return [...(changed ? [changed] : []), ...(failed ? [failed] : [])];
    }
    case 'PAYMENT.SALE.COMPLETED': {
      const paid = saleCompleted(resource, occurredAt);
      return paid ? [paid] : [];
    }
    case 'PAYMENT.SALE.DENIED': {
      const denied = saleDenied(resource, occurredAt);
      return denied ? [denied] : [];
    }
    case 'PAYMENT.SALE.REFUNDED': {
      const refund = saleRefundUpdated(resource, occurredAt);
      return refund ? [refund] : [];
    }
    case 'PAYMENT.SALE.REVERSED': {
      const reversed = saleReversed(resource, occurredAt);
      return reversed ? [reversed] : [];
    }
    case 'VAULT.PAYMENT-TOKEN.CREATED':
    case 'VAULT.PAYMENT-TOKEN.DELETION-INITIATED':
    case 'VAULT.PAYMENT-TOKEN.DELETED':
      return vaultEvents(event.type, resource, occurredAt);
    default:
      return [];
  }
}
