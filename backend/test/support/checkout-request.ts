import { money } from '../../src/domain/money';
import type { CheckoutRequest } from '../../src/providers/payment-provider';

let counter = 0;

/** A checkout request as PaymentService builds it, with a fresh payment id each time. */
export function checkoutRequest(overrides: Partial<CheckoutRequest> = {}): CheckoutRequest {
  counter += 1;
  const paymentId = `pay_it_${Date.now()}_${counter}`;
  return {
    paymentId,
    userId: 'usr_it',
    courseId: 'crs_it',
    amount: money(4900, 'EUR'),
    description: 'Integration testing in depth',
    customer: { email: 'student@example.com', name: 'Student' },
    successUrl: 'http://localhost:3000/checkout/return?session_id={CHECKOUT_SESSION_ID}',
    cancelUrl: 'http://localhost:3000/checkout/cancel',
    idempotencyKey: `checkout:${paymentId}`,
    ...overrides,
  };
}
