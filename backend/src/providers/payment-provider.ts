import type { IncomingHttpHeaders } from 'node:http';
import type { DomainEvent, PaymentRef } from '../domain/events/domain-event';
import type { Money } from '../domain/money';
import type { ProviderName } from '../domain/payments/payment-status';

/**
 * The one interface every payment provider adapter implements. Adapters hold the SDK clients,
 * translate our Money to the provider's format and back, translate SDK errors into AppErrors
 * (PaymentDeclinedError, ProviderUnavailableError, ValidationError), and never touch the database.
 */

export interface CheckoutRequest {
  /** Our payment id: carried in metadata/custom_id so every provider object points back to it. */
  paymentId: string;
  userId: string;
  courseId: string;
  amount: Money;
  /** What the buyer sees on the provider's page (course title). */
  description: string;
  customer: { email: string; name: string; providerCustomerId?: string };
  successUrl: string;
  cancelUrl: string;
  /** Derived from our payment id, so a retried call never creates a second session/order. */
  idempotencyKey: string;
}

export interface CheckoutSession {
  /** Stripe Checkout Session id (cs_…) or PayPal order id. */
  providerSessionId: string;
  /** Where the browser goes to pay: Stripe's hosted page or PayPal's approval page. */
  checkoutUrl: string;
  expiresAt?: Date;
}

export interface RefundRequest {
  ref: PaymentRef;
  amount: Money;
  reason?: string;
  idempotencyKey: string;
}

export interface RefundResult {
  providerRefundId: string;
  status: 'pending' | 'succeeded' | 'failed' | 'canceled';
}

/** A verified webhook event, before normalization; stored as received. */
export interface ProviderEvent {
  provider: ProviderName;
  id: string;
  type: string;
  createdAt: Date;
  payload: Record<string, unknown>;
}

export class WebhookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

export interface PaymentProvider {
  readonly name: ProviderName;

  /** Creates (once) the provider's customer for our user; Stripe only, PayPal returns undefined. */
  ensureCustomer(user: { id: string; email: string; name: string }): Promise<string | undefined>;

  createCheckout(request: CheckoutRequest): Promise<CheckoutSession>;

  /**
   * Moves the money of an approved checkout (PayPal capture). Returns the resulting events
   * (PaymentSucceeded / PaymentProcessing / PaymentFailed); capturing twice returns the same
   * outcome. Stripe captures on its own and returns [] here.
   */
  capture(ref: PaymentRef, idempotencyKey: string): Promise<DomainEvent[]>;

  refund(request: RefundRequest): Promise<RefundResult>;

  /**
   * Verifies the signature over the raw body first, and only then parses it.
   * Throws WebhookVerificationError for a missing, forged or stale signature.
   */
  verifyWebhook(rawBody: Buffer, headers: IncomingHttpHeaders): Promise<ProviderEvent>;

  /** Maps a verified event to domain events; unknown types map to []. */
  normalize(event: ProviderEvent): DomainEvent[];

  /** Asks the provider for the current state of a checkout (reconciliation, or when in doubt). */
  fetchPaymentState(ref: PaymentRef): Promise<DomainEvent[]>;
}

/** How services find the adapter for a provider; implemented by the provider registry. */
export interface ProviderLookup {
  /** Throws a 400 AppError when the provider is unknown or not configured. */
  get(name: ProviderName): PaymentProvider;
  configured(): ProviderName[];
}
