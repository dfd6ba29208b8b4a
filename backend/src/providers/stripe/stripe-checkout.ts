import type Stripe from 'stripe';
import { toStripeAmount } from '../../domain/money';
import type { CheckoutRequest } from '../payment-provider';

/** Stripe accepts expires_at between 30 minutes and 24 hours ahead; stay clear of the upper edge. */
export const CHECKOUT_SESSION_LIFETIME_SECONDS = 23 * 3600;

/** Stripe's limit for product names. */
const MAX_PRODUCT_NAME = 250;

export function customerCreateParams(user: { id: string; email: string; name: string }): Stripe.CustomerCreateParams {
  return { email: user.email, name: user.name, metadata: { user_id: user.id } };
}

export function customerIdempotencyKey(userId: string): string {
  return `customer:${userId}`;
}

/** Metadata that lets every Stripe object of this checkout point back at our payment. */
export function paymentMetadata(request: CheckoutRequest): Record<string, string> {
  return { payment_id: request.paymentId, user_id: request.userId, course_id: request.courseId };
}

/** The Checkout Session (mode payment, one line item, priced by us) for one pending payment. */
export function checkoutSessionParams(request: CheckoutRequest, now: Date): Stripe.Checkout.SessionCreateParams {
  const { amount, currency } = toStripeAmount(request.amount);
  const metadata = paymentMetadata(request);
  const customer = request.customer.providerCustomerId;
  return {
    mode: 'payment',
    line_items: [
      {
        price_data: {
          currency,
          unit_amount: amount,
          product_data: { name: request.description.slice(0, MAX_PRODUCT_NAME) || 'Course' },
        },
        quantity: 1,
      },
    ],
    ...(customer ? { customer } : { customer_email: request.customer.email }),
    client_reference_id: request.paymentId,
    metadata,
    payment_intent_data: { metadata },
    success_url: request.successUrl,
    cancel_url: request.cancelUrl,
    expires_at: Math.floor(now.getTime() / 1000) + CHECKOUT_SESSION_LIFETIME_SECONDS,
  };
}
