import type { PaymentEvent, PaymentRef } from '../../domain/events/domain-event';
import type { Money } from '../../domain/money';

/** What the buyer pays for: one line, priced by us. */
export interface CheckoutLineItem {
  /** What the buyer sees on the provider's page. */
  description: string;
  amount: Money;
}

/**
 * The ProviderError code of a checkout whose `savedPaymentMethodId` the provider no longer has
 * (removed on its side): the caller forgets the method too.
 */
export const SAVED_METHOD_MISSING = 'saved_payment_method_missing';

export interface CheckoutRequest {
  /** Our payment id, carried in metadata/custom_id so every provider object points back to it. */
  paymentId: string;
  userId: string;
  lineItem: CheckoutLineItem;
  customer: { email: string; name: string; providerCustomerId?: string };
  /**
   * Our return page with our own query params (paymentId, provider); each adapter appends what
   * its provider needs (Stripe: session_id={CHECKOUT_SESSION_ID}; PayPal adds token/PayerID itself).
   */
  returnUrl: string;
  cancelUrl: string;
  /** Derived from our payment id, so a retried call never creates a second session/order. */
  idempotencyKey: string;
  /**
   * When our payment row was written. Expiry is counted from it, not from the call, so a retry
   * of the same request sends the same parameters (Stripe refuses a reused key otherwise).
   */
  startedAt: Date;
  /**
   * A saved method the student chose to pay with, its provider id (PayPal: the vault payment
   * token, sent as `payment_source.paypal.vault_id`, so no approval page is needed). Stripe
   * offers the customer's saved cards on its own page and takes none here.
   */
  savedPaymentMethodId?: string;
}

export interface CheckoutSession {
  /** Stripe Checkout Session id (cs_…) or PayPal order id. */
  providerSessionId: string;
  /** Where the browser goes to pay: Stripe's hosted page or PayPal's approval page. */
  checkoutUrl: string;
  expiresAt?: Date;
  /**
   * What the provider already did when it settled at once (a PayPal order paid with a vaulted
   * wallet is created COMPLETED): the caller applies these as if they were webhooks, and
   * `checkoutUrl` is then our own return page.
   */
  events?: PaymentEvent[];
}

export interface CheckoutCapability {
  createCheckout(request: CheckoutRequest): Promise<CheckoutSession>;

  /**
   * Moves the money of an approved checkout (PayPal capture). Returns the resulting events
   * (PaymentSucceeded / PaymentProcessing / PaymentFailed); capturing twice returns the same
   * outcome. Stripe captures on its own and returns [] here.
   */
  capture(ref: PaymentRef, idempotencyKey: string): Promise<PaymentEvent[]>;

  /** Asks the provider for the current state of a checkout (reconciliation, or when in doubt). */
  getPaymentState(ref: PaymentRef): Promise<PaymentEvent[]>;

  /**
   * Makes an unpaid checkout unpayable, so a student who opened a second checkout for the same
   * course cannot pay both (Stripe: expire the Checkout Session). Returns `expired` when the
   * provider closed it, `unsupported` when the provider has no such call (PayPal orders cannot be
   * voided before approval: the caller cancels its own record and refuses a later capture), and
   * `already_paid` when it is too late.
   */
  expireCheckout(ref: PaymentRef): Promise<'expired' | 'unsupported' | 'already_paid'>;
}
