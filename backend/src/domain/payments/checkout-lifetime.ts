import type { ProviderName } from './payment-status';

/**
 * How long a provider keeps a checkout of ours payable, by the provider's own rules, counted from
 * when our payment row was written (the `startedAt` every create call is built from).
 */
export interface CheckoutLifetime {
  /** After this the provider takes no money for the checkout any more. */
  payableUntil: Date;
  /**
   * Until this, sending the create call again with the payment's key gets the same checkout back
   * (or creates it with exactly the parameters of the first call). Later, a resent call could make
   * a second checkout or be refused.
   */
  resumableUntil: Date;
}

/** Stripe accepts expires_at between 30 minutes and 24 hours ahead; we ask for 23 h from our row, clear of the upper edge. */
export const STRIPE_SESSION_LIFETIME_SECONDS = 23 * 3600;
const STRIPE_EARLIEST_EXPIRY_SECONDS = 31 * 60;
const STRIPE_LATEST_EXPIRY_SECONDS = 24 * 3600 - 5 * 60;

/**
 * The `expires_at` (unix seconds) of a Stripe Checkout Session started at `startedAt` and created
 * at `now`. Quirk: Stripe compares every parameter of a request that reuses an idempotency key, so
 * an expiry counted from the moment of the call would turn a retry a second later into an
 * idempotency error. It is counted from when our row was written instead, kept inside Stripe's
 * window (a retry much later, or a database clock ahead of ours, gets the nearest allowed value).
 */
export function stripeSessionExpiry(startedAt: Date, now: Date): number {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const fromStart = Math.floor(startedAt.getTime() / 1000) + STRIPE_SESSION_LIFETIME_SECONDS;
  return Math.min(
    Math.max(fromStart, nowSeconds + STRIPE_EARLIEST_EXPIRY_SECONDS),
    nowSeconds + STRIPE_LATEST_EXPIRY_SECONDS,
  );
}

/**
 * PayPal: the buyer approves an order within 3 hours of its creation (the checkout token's
 * default lifetime), and an approval not captured within 3 hours is reversed and the order
 * canceled; PayPal also keeps an order's PayPal-Request-Id for 6 hours. So no order of ours takes
 * money later than 6 hours after it was created, and within those 6 hours the same key gets the
 * same order back.
 */
const PAYPAL_APPROVAL_WINDOW_SECONDS = 3 * 3600;
const PAYPAL_CAPTURE_WINDOW_SECONDS = 3 * 3600;
const PAYPAL_ORDER_REQUEST_ID_SECONDS = 6 * 3600;

export function checkoutLifetime(provider: ProviderName, startedAt: Date): CheckoutLifetime {
  const after = (seconds: number) => new Date(startedAt.getTime() + seconds * 1000);
  switch (provider) {
    case 'stripe':
      return {
        // The session is created right after the row: its expiry is the one we asked for then.
        payableUntil: new Date(stripeSessionExpiry(startedAt, startedAt) * 1000),
        // Later, the earliest expiry Stripe allows moves past ours and the resent call differs.
        resumableUntil: after(STRIPE_SESSION_LIFETIME_SECONDS - STRIPE_EARLIEST_EXPIRY_SECONDS),
      };
    case 'paypal':
      return {
        payableUntil: after(PAYPAL_APPROVAL_WINDOW_SECONDS + PAYPAL_CAPTURE_WINDOW_SECONDS),
        resumableUntil: after(PAYPAL_ORDER_REQUEST_ID_SECONDS),
      };
  }
}
