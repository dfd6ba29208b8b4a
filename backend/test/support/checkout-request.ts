import { money } from '../../src/domain/money';
import type { CheckoutRequest } from '../../src/providers/payment-provider';

let counter = 0;

/**
 * A checkout request as the checkout service builds it, with a fresh payment id each time. The
 * return URL and idempotency key follow the payment id, also when the id is given.
 */
export function checkoutRequest(overrides: Partial<CheckoutRequest> = {}): CheckoutRequest {
  counter += 1;
  const paymentId = overrides.paymentId ?? `pay_it_${Date.now()}_${counter}`;
  return {
    paymentId,
    userId: 'usr_it',
    lineItem: { description: 'Integration testing in depth', amount: money(4900, 'EUR') },
    customer: { email: 'student@example.com', name: 'Student' },
    returnUrl: `http://localhost:3000/checkout/return?paymentId=${paymentId}`,
    cancelUrl: 'http://localhost:3000/checkout/cancel',
    idempotencyKey: `checkout:${paymentId}`,
    startedAt: new Date(),
    ...overrides,
  };
}

/**
 * The billing address a buyer types on the sandbox's Stripe page (its control's `address`): our
 * Checkout Sessions require one, so a payment without it is refused before the card is tried.
 */
export const STRIPE_BILLING_ADDRESS = {
  line1: '1 Rue de la Paix',
  city: 'Paris',
  postal_code: '75002',
  country: 'FR',
} as const;
