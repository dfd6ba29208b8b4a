import type Stripe from 'stripe';
import type { DomainEvent, SubscriptionChanged } from '../../domain/events/domain-event';
import { toStripeAmount } from '../../domain/money';
import { ProviderError } from '../../errors/provider-error';
import type { Logger } from '../../logger';
import type { CheckoutSession } from '../capabilities/checkout';
import { obj, str, type Json } from '../json-reading';
import type {
  ProviderSubscriptionRef,
  SubscriptionCapability,
  SubscriptionCheckoutRequest,
  SubscriptionPlanPrice,
} from '../payment-provider';
import { stripeSuccessUrl } from './stripe-checkout';
import type { StripeClient } from './stripe-client';
import { createHostedSession, type HostedSession } from './stripe-hosted-session';
import { callStripe } from './stripe-errors';
import {
  invoicePaid,
  invoicePaymentFailed,
  invoicePaymentIntents,
  subscriptionChanged,
} from './stripe-subscription-mapper';

/** Stripe's limit for product names. */
const MAX_PRODUCT_NAME = 250;

/** One Stripe Product per plan price, however often creating it is retried. */
export function planProductIdempotencyKey(planPriceId: string): string {
  return `plan-product:${planPriceId}`;
}

/** One Stripe Price per plan price. */
export function planPriceIdempotencyKey(planPriceId: string): string {
  return `plan-price:${planPriceId}`;
}

export function planProductParams(price: SubscriptionPlanPrice): Stripe.ProductCreateParams {
  return {
    name: price.planName.slice(0, MAX_PRODUCT_NAME) || 'Subscription',
    metadata: { plan_price_id: price.planPriceId },
  };
}

export function planPriceParams(price: SubscriptionPlanPrice, product: string): Stripe.PriceCreateParams {
  const { amount, currency } = toStripeAmount(price.amount);
  return {
    product,
    currency,
    unit_amount: amount,
    recurring: { interval: price.interval },
    metadata: { plan_price_id: price.planPriceId },
  };
}

/** Metadata that lets the subscription, its invoices and the session point back at our subscription. */
export function subscriptionMetadata(request: SubscriptionCheckoutRequest): Record<string, string> {
  return { subscription_id: request.subscriptionId, user_id: request.userId };
}

/**
 * The Checkout Session (mode subscription, our Stripe Price) for one pending subscription. Like
 * the course checkout it asks for the billing address and lets business buyers enter a tax ID for
 * their invoices (with `customer_update` auto for an existing customer, which Stripe requires for
 * tax ID collection). The metadata goes on the session and on the subscription, whose invoices
 * copy it into `parent.subscription_details.metadata`. The trial is Stripe's: the first invoice
 * is then $0 and the first paid one comes when the trial ends.
 */
export function subscriptionCheckoutParams(request: SubscriptionCheckoutRequest): Stripe.Checkout.SessionCreateParams {
  const metadata = subscriptionMetadata(request);
  const customer = request.customer.providerCustomerId;
  return {
    mode: 'subscription',
    line_items: [{ price: request.providerPriceId, quantity: 1 }],
    ...(customer
      ? { customer, customer_update: { name: 'auto', address: 'auto' } }
      : { customer_email: request.customer.email }),
    billing_address_collection: 'required',
    tax_id_collection: { enabled: true },
    client_reference_id: request.subscriptionId,
    metadata,
    subscription_data: {
      metadata,
      ...(request.price.trialDays > 0 ? { trial_period_days: request.price.trialDays } : {}),
    },
    success_url: stripeSuccessUrl(request.returnUrl),
    cancel_url: request.cancelUrl,
  };
}

export interface StripeSubscriptionsOptions {
  now: () => Date;
  logger?: Logger;
}

function unreadable(what: string, operation: string): ProviderError {
  return new ProviderError('unavailable', 'stripe', `Stripe returned ${what}`, {
    code: 'provider_error',
    details: { provider: 'stripe', operation },
  });
}

const json = (o: unknown): Json => o as Json;

/** Stripe Billing: plan prices, subscription checkouts, cancel / resume, and a subscription's state. */
export class StripeSubscriptions implements SubscriptionCapability {
  readonly cancelsAtPeriodEnd = true;

  constructor(
    private readonly stripe: StripeClient,
    private readonly options: StripeSubscriptionsOptions,
  ) {}

  async createPlanPrice(price: SubscriptionPlanPrice): Promise<string> {
    const product = await callStripe(
      'products.create',
      () =>
        this.stripe.products.create(planProductParams(price), {
          idempotencyKey: planProductIdempotencyKey(price.planPriceId),
        }),
      this.options.logger,
    );
    const created = await callStripe(
      'prices.create',
      () =>
        this.stripe.prices.create(planPriceParams(price, product.id), {
          idempotencyKey: planPriceIdempotencyKey(price.planPriceId),
        }),
      this.options.logger,
    );
    return created.id;
  }

  /**
   * Stripe's refusal to bill an existing customer in a second currency arrives as a conflict with
   * code `subscription_currency_locked` (see currencyLockRefusal), with the currency asked for added.
   */
  async createSubscriptionCheckout(request: SubscriptionCheckoutRequest): Promise<CheckoutSession> {
    const params = subscriptionCheckoutParams(request);
    let session: HostedSession;
    try {
      session = await createHostedSession(this.stripe, params, request.idempotencyKey, this.options.logger);
    } catch (err) {
      if (err instanceof ProviderError && err.code === 'subscription_currency_locked') {
        throw new ProviderError(err.kind, err.provider, err.message, {
          code: err.code,
          details: { ...err.details, currency: request.price.amount.currency },
        });
      }
      throw err;
    }
    return {
      providerSessionId: session.id,
      checkoutUrl: session.url,
      ...(session.expiresAt ? { expiresAt: session.expiresAt } : {}),
    };
  }

  /**
   * At period end: `cancel_at_period_end=true` (the student keeps what they paid for, and can
   * resume until then). Now: `DELETE /v1/subscriptions/:id`. Asking again for a subscription that
   * is already canceled is not an error: Stripe refuses it (404 / 400), so its state is read back
   * and reported when it is indeed canceled.
   */
  async cancelSubscription(
    ref: ProviderSubscriptionRef,
    options: { atPeriodEnd: boolean; idempotencyKey: string },
  ): Promise<DomainEvent[]> {
    const id = ref.providerSubscriptionId;
    const operation = options.atPeriodEnd ? 'subscriptions.update' : 'subscriptions.cancel';
    try {
      const subscription = await callStripe(
        operation,
        () =>
          options.atPeriodEnd
            ? this.stripe.subscriptions.update(
                id,
                { cancel_at_period_end: true },
                { idempotencyKey: options.idempotencyKey },
              )
            : this.stripe.subscriptions.cancel(id, {}, { idempotencyKey: options.idempotencyKey }),
        this.options.logger,
      );
      return [this.changed(subscription, ref, operation)];
    } catch (err) {
      if (!(err instanceof ProviderError) || (err.kind !== 'not_found' && err.kind !== 'invalid_request')) throw err;
      const current = await this.retrieve(id);
      if (current.status !== 'canceled') throw err;
      return [this.changed(current, ref, 'subscriptions.retrieve')];
    }
  }

  /** `cancel_at_period_end=false`, before the period ends. A subscription that already ended cannot be resumed. */
  async resumeSubscription(ref: ProviderSubscriptionRef, idempotencyKey: string): Promise<DomainEvent[]> {
    const id = ref.providerSubscriptionId;
    try {
      const subscription = await callStripe(
        'subscriptions.update',
        () => this.stripe.subscriptions.update(id, { cancel_at_period_end: false }, { idempotencyKey }),
        this.options.logger,
      );
      return [this.changed(subscription, ref, 'subscriptions.update')];
    } catch (err) {
      if (!(err instanceof ProviderError) || err.kind !== 'invalid_request') throw err;
      const current = await this.retrieve(id);
      if (current.status !== 'canceled' && current.status !== 'incomplete_expired') throw err;
      throw new ProviderError('conflict', 'stripe', 'This subscription has ended and can no longer be resumed', {
        code: 'subscription_ended',
      });
    }
  }

  /**
   * The subscription and the outcome of its latest invoice: paid (with money) ->
   * SubscriptionPaymentSucceeded, open after an attempt -> SubscriptionPaymentFailed. The invoice's
   * `payments` are expanded for its PaymentIntent; when Stripe does not include them, the
   * InvoicePayments are listed (see paymentIntentOfInvoice).
   */
  async getSubscription(ref: ProviderSubscriptionRef): Promise<DomainEvent[]> {
    const subscription = await this.retrieve(ref.providerSubscriptionId, ['latest_invoice.payments']);
    const now = this.options.now();
    const events: DomainEvent[] = [this.changed(subscription, ref, 'subscriptions.retrieve')];
    const invoice = obj(subscription.latest_invoice);
    if (!invoice) return events;
    const status = str(invoice.status);
    const withRef = { ...invoice, parent: this.parentWithRef(invoice, ref) };
    if (status === 'paid') {
      const paid = invoicePaid(withRef, now);
      // Only when Stripe did not include the payments: an included empty list has nothing more to find.
      if (paid && !paid.providerPaymentId && !obj(invoice.payments)) {
        const paymentIntent = await this.paymentIntentOfInvoice(invoice);
        if (paymentIntent) paid.providerPaymentId = paymentIntent;
      }
      if (paid) events.push(paid);
    } else if (status === 'open' && invoice.attempted === true) {
      const failed = invoicePaymentFailed(withRef, now);
      if (failed) events.push(failed);
    }
    return events;
  }

  private async retrieve(id: string, expand?: string[]): Promise<Stripe.Subscription> {
    return callStripe(
      'subscriptions.retrieve',
      () => this.stripe.subscriptions.retrieve(id, expand ? { expand } : {}),
      this.options.logger,
    );
  }

  /** The SubscriptionChanged of a subscription Stripe answered with, with the caller's ids where it lacks them. */
  private changed(
    subscription: Stripe.Subscription,
    ref: ProviderSubscriptionRef,
    operation: string,
  ): SubscriptionChanged {
    const event = subscriptionChanged(json(subscription), this.options.now());
    if (!event) throw unreadable('a subscription in a status we cannot read', operation);
    return { ...event, ref: { ...ref, ...event.ref } };
  }

  /**
   * The latest invoice names its subscription, but as a snapshot of the metadata when it was made:
   * the caller's ids fill what it lacks, so the payment links to our subscription however old it is.
   */
  private parentWithRef(invoice: Json, ref: ProviderSubscriptionRef): Json {
    const parent = obj(invoice.parent) ?? {};
    const details = obj(parent.subscription_details) ?? {};
    const metadata = obj(details.metadata) ?? {};
    return {
      ...parent,
      subscription_details: {
        ...details,
        subscription: details.subscription ?? ref.providerSubscriptionId,
        metadata: ref.subscriptionId ? { subscription_id: ref.subscriptionId, ...metadata } : metadata,
      },
    };
  }

  /**
   * Quirk: since API basil an invoice no longer carries its PaymentIntent (`invoice.payment_intent`
   * was removed); the InvoicePayments of the invoice name it. The paid one comes first.
   */
  private async paymentIntentOfInvoice(invoice: Json): Promise<string | undefined> {
    const id = str(invoice.id);
    if (!id) return undefined;
    return paymentIntentOfInvoice(this.stripe, id, this.options.logger);
  }
}

/** The PaymentIntent that paid an invoice, from `GET /v1/invoice_payments?invoice=` (basil+). */
export async function paymentIntentOfInvoice(
  stripe: StripeClient,
  invoiceId: string,
  logger?: Logger,
): Promise<string | undefined> {
  const page = await callStripe(
    'invoicePayments.list',
    () => stripe.invoicePayments.list({ invoice: invoiceId, limit: 10 }),
    logger,
  );
  return invoicePaymentIntents(page.data.map(json))[0];
}
