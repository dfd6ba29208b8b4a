import type { DomainEvent, SubscriptionRef } from '../../domain/events/domain-event';
import type { Money } from '../../domain/money';
import type { CheckoutSession } from './checkout';

/** A plan's price in one currency, as the provider needs it to bill it. */
export interface SubscriptionPlanPrice {
  /**
   * Our key for this price (plan id, currency, amount and trial days): the provider's objects for
   * it are created once, keyed by it.
   */
  planPriceId: string;
  planName: string;
  interval: 'month' | 'year';
  /** Charged each interval. */
  amount: Money;
  /** Free days before the first charge (0: none). */
  trialDays: number;
}

export interface SubscriptionCheckoutRequest {
  /** Our subscription id, carried in metadata / custom_id so every provider object points back to it. */
  subscriptionId: string;
  userId: string;
  price: SubscriptionPlanPrice;
  /** The provider's price / billing plan for `price`, from ensurePlanPrice. */
  providerPriceId: string;
  customer: { email: string; name: string; providerCustomerId?: string };
  /** Our return page with our own query params; each adapter appends what its provider needs. */
  returnUrl: string;
  cancelUrl: string;
  /** Derived from our subscription id (`subscription-checkout:<id>`). */
  idempotencyKey: string;
}

/** The provider's subscription we act on. */
export type ProviderSubscriptionRef = SubscriptionRef & { providerSubscriptionId: string };

/**
 * Recurring billing. Every method that changes a subscription answers with the events its new
 * state implies (the caller applies them as if they were webhooks); webhooks bring the same
 * facts again later and change nothing then.
 */
export interface SubscriptionCapability {
  /**
   * Whether the provider keeps a canceled subscription running to the end of its period (Stripe
   * `cancel_at_period_end`) and can resume it. PayPal cannot: a cancel ends billing at once, and
   * we keep the access the student paid for until the period ends.
   */
  readonly cancelsAtPeriodEnd: boolean;

  /**
   * The provider's price for a plan price (Stripe: a Product and a recurring Price; PayPal: a
   * catalog product and a billing plan, with a trial cycle when `trialDays` > 0), created on
   * first use with an idempotency key derived from `planPriceId`; returns its id, which the
   * caller stores and passes as `providerPriceId` from then on.
   */
  createPlanPrice(price: SubscriptionPlanPrice): Promise<string>;

  /**
   * Stripe: a Checkout Session in subscription mode (`providerSessionId` = `cs_…`); PayPal: a
   * subscription awaiting approval (`providerSessionId` = `I-…`, `checkoutUrl` = its approve link).
   */
  createSubscriptionCheckout(request: SubscriptionCheckoutRequest): Promise<CheckoutSession>;

  /**
   * Stripe: `cancel_at_period_end=true`, or cancel now. PayPal: cancel now whatever
   * `atPeriodEnd` says (see `cancelsAtPeriodEnd`).
   */
  cancelSubscription(
    ref: ProviderSubscriptionRef,
    options: { atPeriodEnd: boolean; idempotencyKey: string },
  ): Promise<DomainEvent[]>;

  /**
   * Undoes a cancel at period end before the period ends (Stripe `cancel_at_period_end=false`).
   * PayPal: a ProviderError of kind `conflict`, code `resume_not_supported`.
   */
  resumeSubscription(ref: ProviderSubscriptionRef, idempotencyKey: string): Promise<DomainEvent[]>;

  /**
   * The subscription's current state (reconciliation): SubscriptionChanged, and for Stripe the
   * latest invoice's outcome (SubscriptionPaymentSucceeded / SubscriptionPaymentFailed).
   */
  getSubscription(ref: ProviderSubscriptionRef): Promise<DomainEvent[]>;
}
