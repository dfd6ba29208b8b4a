import { checkoutLifetime } from './checkout-lifetime';
import type { PaymentStatus, ProviderName } from './payment-status';

/** The cause of a checkout canceled because its provider lifetime passed with no money. */
export const ABANDONED = 'abandoned';

/**
 * Slack after a checkout lapses before giving up on it: a payment submitted in its last second
 * still settles, and the provider's clock need not agree with ours.
 */
export const LAPSE_GRACE_SECONDS = 10 * 60;

/**
 * A pending payment without a provider checkout this old belongs to a request that died: our
 * provider clients give up on a call after 20 s and two retries, so no request is still waiting.
 */
export const CRASHED_CHECKOUT_AFTER_SECONDS = 2 * 60;

/** What reconciliation knows of a checkout before asking anyone. */
export interface CheckoutFacts {
  provider: ProviderName;
  status: PaymentStatus;
  createdAt: Date;
  /** We know the provider's checkout (its session or order id, or its payment's id). */
  hasProviderRef: boolean;
}

export type CheckoutFollowUp =
  /** Nothing to ask: a final state, a request still under way, a checkout that was never created. */
  | { action: 'none' }
  /** Ask the provider and apply what it says. */
  | { action: 'ask' }
  /** The checkout lapsed at `lapsedAt`: ask a last time; still unpaid, it is abandoned. */
  | { action: 'last_ask'; lapsedAt: Date }
  /** The request died before we stored the provider's checkout: send the create call again with its key. */
  | { action: 'resume' }
  /** Too late to resume (the key may no longer be honoured): abandoned without asking. */
  | { action: 'abandon'; lapsedAt: Date };

/**
 * What reconciliation does with a checkout it is due to look at. A success after a decline
 * completes a payment (the student may pay with another card in the same Stripe session, or pick
 * another PayPal funding source), so failed checkouts are asked about until the provider's
 * lifetime is over, like pending ones; money on its way (processing) is asked about until it
 * settles, whatever the lifetime.
 */
export function decideCheckoutFollowUp(checkout: CheckoutFacts, now: Date): CheckoutFollowUp {
  const { status } = checkout;
  if (status === 'processing') return checkout.hasProviderRef ? { action: 'ask' } : { action: 'none' };
  if (status !== 'pending' && status !== 'failed') return { action: 'none' };
  const lifetime = checkoutLifetime(checkout.provider, checkout.createdAt);
  if (!checkout.hasProviderRef) {
    // A failed checkout without one was refused when it was created (its student was told so).
    if (status === 'failed') return { action: 'none' };
    if (now.getTime() - checkout.createdAt.getTime() < CRASHED_CHECKOUT_AFTER_SECONDS * 1000) return { action: 'none' };
    return now < lifetime.resumableUntil
      ? { action: 'resume' }
      : { action: 'abandon', lapsedAt: lifetime.resumableUntil };
  }
  const givingUpAt = lifetime.payableUntil.getTime() + LAPSE_GRACE_SECONDS * 1000;
  return now.getTime() < givingUpAt ? { action: 'ask' } : { action: 'last_ask', lapsedAt: lifetime.payableUntil };
}

/** After the last answer: a checkout that took no money (still pending, or declined) is given up. */
export function isUnpaidCheckout(status: PaymentStatus): boolean {
  return status === 'pending' || status === 'failed';
}
