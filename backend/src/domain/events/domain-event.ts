import type { Money } from '../money';
import type { ProviderName } from '../payments/payment-status';

/**
 * Provider-neutral facts the services act on. Adapters turn each verified provider event (or a
 * fetched provider object) into zero or more of these; no service ever reads a provider payload.
 */

/** How a provider object points back at our payment. At least one field is set. */
export interface PaymentRef {
  /** Our payment id, carried in Stripe metadata / PayPal custom_id. */
  paymentId?: string;
  /** Stripe Checkout Session id or PayPal order id. */
  providerSessionId?: string;
  /** Stripe PaymentIntent id or PayPal capture id. */
  providerPaymentId?: string;
}

interface EventBase {
  provider: ProviderName;
  /** When the provider says this happened (event creation time, or fetch time for reconciliation). */
  occurredAt: Date;
}

export interface PaymentSucceeded extends EventBase {
  kind: 'PaymentSucceeded';
  ref: PaymentRef;
  amount: Money;
}

/** Money is on its way but not confirmed (async methods, PayPal pending capture). */
export interface PaymentProcessing extends EventBase {
  kind: 'PaymentProcessing';
  ref: PaymentRef;
}

export interface PaymentFailed extends EventBase {
  kind: 'PaymentFailed';
  ref: PaymentRef;
  failureCode: string;
  failureReason: string;
}

/** The checkout can no longer be paid (Stripe session expired, PayPal order voided). */
export interface PaymentCanceled extends EventBase {
  kind: 'PaymentCanceled';
  ref: PaymentRef;
  reason: string;
}

/** The buyer approved a PayPal order; the money moves only once we capture it. */
export interface PaymentApproved extends EventBase {
  kind: 'PaymentApproved';
  ref: PaymentRef;
}

export interface RefundUpdated extends EventBase {
  kind: 'RefundUpdated';
  ref: PaymentRef;
  providerRefundId: string;
  amount: Money;
  status: 'pending' | 'succeeded' | 'failed' | 'canceled';
}

export interface DisputeOpened extends EventBase {
  kind: 'DisputeOpened';
  ref: PaymentRef;
  providerDisputeId: string;
  amount: Money;
  reason: string;
}

export interface DisputeClosed extends EventBase {
  kind: 'DisputeClosed';
  ref: PaymentRef;
  providerDisputeId: string;
  outcome: 'won' | 'lost';
}

export type DomainEvent =
  | PaymentSucceeded
  | PaymentProcessing
  | PaymentFailed
  | PaymentCanceled
  | PaymentApproved
  | RefundUpdated
  | DisputeOpened
  | DisputeClosed;

export type DomainEventKind = DomainEvent['kind'];
