import type Stripe from 'stripe';
import type { PaymentEvent, PaymentRef } from '../../domain/events/domain-event';
import { toStripeAmount } from '../../domain/money';
import { stripeSessionExpiry } from '../../domain/payments/checkout-lifetime';
import { ProviderError } from '../../errors/provider-error';
import type { Logger } from '../../logger';
import type { CheckoutCapability, CheckoutRequest, CheckoutSession } from '../payment-provider';
import type { StripeClient } from './stripe-client';
import { createHostedSession } from './stripe-hosted-session';
import { callStripe } from './stripe-errors';
import { eventsFromPaymentIntent, eventsFromSession } from './stripe-event-mapper';

/** The session's expiry is a provider rule the domain reads too (how long a checkout stays payable). */
export const sessionExpiry = stripeSessionExpiry;

/** Stripe's limit for product names. */
const MAX_PRODUCT_NAME = 250;

/** Stripe replaces this literal placeholder in success_url with the session id when it redirects. */
export const SESSION_ID_PARAM = 'session_id={CHECKOUT_SESSION_ID}';

/**
 * Our return URL plus `session_id={CHECKOUT_SESSION_ID}`, kept literal (a URL object would
 * percent-encode the braces and Stripe would no longer substitute them).
 */
export function stripeSuccessUrl(returnUrl: string): string {
  const hashAt = returnUrl.indexOf('#');
  const base = hashAt === -1 ? returnUrl : returnUrl.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : returnUrl.slice(hashAt);
  const separator = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return `${base}${separator}${SESSION_ID_PARAM}${hash}`;
}

/** Metadata that lets every Stripe object of this checkout point back at our payment. */
export function paymentMetadata(request: CheckoutRequest): Record<string, string> {
  return { payment_id: request.paymentId, user_id: request.userId };
}

/**
 * Saved cards on a course checkout for a customer: every card of theirs is offered, whatever its
 * `allow_redisplay` (Stripe's default offers only `always` ones, which would hide the cards their
 * subscription or an older checkout kept as `limited`, and cards attached by the API,
 * `unspecified`: all are the student's, saved with their consent on our pages), and a new card can
 * be saved with Checkout's checkbox.
 */
export const COURSE_SAVED_PAYMENT_METHOD_OPTIONS: Stripe.Checkout.SessionCreateParams.SavedPaymentMethodOptions = {
  allow_redisplay_filters: ['always', 'limited', 'unspecified'],
  payment_method_save: 'enabled',
};

/**
 * The Checkout Session (mode payment, one line item, priced by us) for one pending payment. It asks
 * for the full billing address and lets business buyers enter a tax ID, both for the invoice.
 * Stripe refuses tax ID collection for an existing customer unless Checkout may write the business
 * name and the address onto it (`customer_update` auto), so that is passed whenever a customer is;
 * with a customer Checkout also offers their saved cards (COURSE_SAVED_PAYMENT_METHOD_OPTIONS).
 * Stripe takes no saved method from us: the student picks one on its page, so a
 * `savedPaymentMethodId` is refused.
 */
export function checkoutSessionParams(request: CheckoutRequest, now: Date): Stripe.Checkout.SessionCreateParams {
  if (request.savedPaymentMethodId !== undefined) {
    throw new ProviderError(
      'invalid_request',
      'stripe',
      'Stripe Checkout offers the saved cards on its own page; it takes none from us',
      { code: 'payment_method_not_applicable' },
    );
  }
  const { amount, currency } = toStripeAmount(request.lineItem.amount);
  const metadata = paymentMetadata(request);
  const customer = request.customer.providerCustomerId;
  return {
    mode: 'payment',
    line_items: [
      {
        price_data: {
          currency,
          unit_amount: amount,
          product_data: { name: request.lineItem.description.slice(0, MAX_PRODUCT_NAME) || 'Course' },
        },
        quantity: 1,
      },
    ],
    ...(customer
      ? {
          customer,
          customer_update: { name: 'auto', address: 'auto' },
          saved_payment_method_options: COURSE_SAVED_PAYMENT_METHOD_OPTIONS,
        }
      : { customer_email: request.customer.email }),
    billing_address_collection: 'required',
    tax_id_collection: { enabled: true },
    client_reference_id: request.paymentId,
    metadata,
    payment_intent_data: { metadata },
    success_url: stripeSuccessUrl(request.returnUrl),
    cancel_url: request.cancelUrl,
    expires_at: sessionExpiry(request.startedAt, now),
  };
}

export interface StripeCheckoutOptions {
  now: () => Date;
  logger?: Logger;
}

/** Stripe Checkout (hosted page, mode payment) and the state of its sessions and payment intents. */
export class StripeCheckout implements CheckoutCapability {
  constructor(
    private readonly stripe: StripeClient,
    private readonly options: StripeCheckoutOptions,
  ) {}

  async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
    const params = checkoutSessionParams(request, this.options.now());
    const session = await createHostedSession(this.stripe, params, request.idempotencyKey, this.options.logger);
    return {
      providerSessionId: session.id,
      checkoutUrl: session.url,
      ...(session.expiresAt ? { expiresAt: session.expiresAt } : {}),
    };
  }

  /** Stripe Checkout captures on its own. */
  async capture(): Promise<PaymentEvent[]> {
    return [];
  }

  async getPaymentState(ref: PaymentRef): Promise<PaymentEvent[]> {
    if (ref.providerSessionId) {
      const id = ref.providerSessionId;
      const session = await callStripe(
        'checkout.sessions.retrieve',
        () => this.stripe.checkout.sessions.retrieve(id, { expand: ['payment_intent'] }),
        this.options.logger,
      );
      return eventsFromSession(session as unknown as Record<string, unknown>, this.options.now());
    }
    if (ref.providerPaymentId) {
      const id = ref.providerPaymentId;
      const intent = await callStripe(
        'paymentIntents.retrieve',
        () => this.stripe.paymentIntents.retrieve(id),
        this.options.logger,
      );
      return eventsFromPaymentIntent(intent as unknown as Record<string, unknown>, this.options.now());
    }
    throw new ProviderError(
      'invalid_request',
      'stripe',
      'A Stripe payment reference needs a session or payment intent id',
      { code: 'validation_failed' },
    );
  }

  /**
   * Expires an open Checkout Session. Stripe refuses to expire a session that is not open with a
   * 400 whose only clue is its message ("Only Checkout Sessions with a status in ["open"] can be
   * expired. This Checkout Session has a status of `complete`."), so on a refusal the session is
   * read back and its status decides: complete -> already_paid (also while an async payment is
   * still settling: the buyer has paid, the money is on its way), expired -> expired.
   */
  async expireCheckout(ref: PaymentRef): Promise<'expired' | 'unsupported' | 'already_paid'> {
    const id = ref.providerSessionId;
    if (!id) {
      throw new ProviderError('invalid_request', 'stripe', 'Expiring a Stripe checkout needs its session id', {
        code: 'validation_failed',
      });
    }
    try {
      await callStripe(
        'checkout.sessions.expire',
        () => this.stripe.checkout.sessions.expire(id, {}, { idempotencyKey: expireIdempotencyKey(id) }),
        this.options.logger,
      );
      return 'expired';
    } catch (err) {
      if (!(err instanceof ProviderError) || !EXPIRE_REFUSAL_KINDS.has(err.kind)) throw err;
      const session = await callStripe(
        'checkout.sessions.retrieve',
        () => this.stripe.checkout.sessions.retrieve(id),
        this.options.logger,
      );
      if (session.status === 'complete') return 'already_paid';
      if (session.status === 'expired') return 'expired';
      throw err;
    }
  }
}

/** Refusals after which the session's own status says what happened (not outages, not unknown ids). */
const EXPIRE_REFUSAL_KINDS: ReadonlySet<ProviderError['kind']> = new Set(['invalid_request', 'conflict', 'rejected']);

/** One expiry per session, however often we retry. */
export function expireIdempotencyKey(sessionId: string): string {
  return `expire:${sessionId}`;
}
