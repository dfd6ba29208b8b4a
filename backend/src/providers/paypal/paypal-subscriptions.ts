import type { DomainEvent, SubscriptionChanged } from '../../domain/events/domain-event';
import { money, toPayPalAmount } from '../../domain/money';
import { ProviderError } from '../../errors/provider-error';
import type { Logger } from '../../logger';
import type { CheckoutSession } from '../capabilities/checkout';
import { arr, str, type Json } from '../json-reading';
import type {
  ProviderSubscriptionRef,
  SubscriptionCapability,
  SubscriptionCheckoutRequest,
  SubscriptionPlanPrice,
} from '../payment-provider';
import { PayPalHttpError, type PayPalApi } from './paypal-client';
import { callPayPal, reportPayPalError } from './paypal-errors';
import { payPalSubscriptionChanged } from './paypal-subscription-mapper';

/** PayPal's limits for these fields. */
const MAX_PRODUCT_NAME = 127;
const MAX_PLAN_NAME = 127;
const MAX_BRAND_NAME = 127;
const MAX_NAME_PART = 140;
const MAX_CANCEL_REASON = 128;

/** What we tell PayPal (and the subscriber's PayPal account shows) when a subscription is canceled. */
export const CANCEL_REASON = 'Canceled by the subscriber';

/** One PayPal catalog product per plan price, however often creating it is retried. */
export function planProductRequestId(planPriceId: string): string {
  return `plan-product:${planPriceId}`;
}

/** One PayPal billing plan per plan price. */
export function planRequestId(planPriceId: string): string {
  return `plan-price:${planPriceId}`;
}

export function catalogProductBody(price: SubscriptionPlanPrice): Json {
  return { name: price.planName.slice(0, MAX_PRODUCT_NAME) || 'Subscription', type: 'SERVICE' };
}

const INTERVAL_UNITS = { month: 'MONTH', year: 'YEAR' } as const;

/**
 * The billing plan of one plan price: a free TRIAL cycle of `trialDays` days when there is a trial,
 * then REGULAR cycles of one month or year until canceled (`total_cycles` 0), the price fixed.
 * PayPal bills outstanding amounts with the next cycle, retries a failed payment until three
 * failures (then suspends the subscription), and cancels it when the first payment fails.
 */
export function billingPlanBody(price: SubscriptionPlanPrice, productId: string): Json {
  const regularSequence = price.trialDays > 0 ? 2 : 1;
  const cycles: Json[] = [];
  if (price.trialDays > 0) {
    cycles.push({
      frequency: { interval_unit: 'DAY', interval_count: price.trialDays },
      tenure_type: 'TRIAL',
      sequence: 1,
      total_cycles: 1,
      pricing_scheme: { fixed_price: toPayPalAmount(money(0, price.amount.currency)) },
    });
  }
  cycles.push({
    frequency: { interval_unit: INTERVAL_UNITS[price.interval], interval_count: 1 },
    tenure_type: 'REGULAR',
    sequence: regularSequence,
    total_cycles: 0,
    pricing_scheme: { fixed_price: toPayPalAmount(price.amount) },
  });
  const name = `${price.planName} (${price.interval === 'month' ? 'monthly' : 'yearly'}, ${price.amount.currency})`;
  return {
    product_id: productId,
    name: name.slice(0, MAX_PLAN_NAME),
    status: 'ACTIVE',
    billing_cycles: cycles,
    payment_preferences: {
      auto_bill_outstanding: true,
      payment_failure_threshold: 3,
      setup_fee_failure_action: 'CANCEL',
    },
  };
}

/**
 * PayPal wants the subscriber's name in parts; we have the one the student gave us. The last word
 * is taken as the surname (PayPal only pre-fills its form with it), a single word as the given name.
 */
export function subscriberName(fullName: string): Json {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return {};
  if (words.length === 1) return { given_name: words[0].slice(0, MAX_NAME_PART) };
  return {
    given_name: words.slice(0, -1).join(' ').slice(0, MAX_NAME_PART),
    surname: words[words.length - 1].slice(0, MAX_NAME_PART),
  };
}

/**
 * The subscription awaiting the buyer's approval, for one pending subscription of ours
 * (`custom_id`, which every later subscription resource and sale carries back). The return URL is
 * ours unchanged: PayPal appends subscription_id, ba_token and token itself.
 */
export function subscriptionCreateBody(request: SubscriptionCheckoutRequest, brandName?: string): Json {
  const name = subscriberName(request.customer.name);
  return {
    plan_id: request.providerPriceId,
    custom_id: request.subscriptionId,
    subscriber: {
      ...(Object.keys(name).length ? { name } : {}),
      email_address: request.customer.email,
    },
    application_context: {
      ...(brandName ? { brand_name: brandName.slice(0, MAX_BRAND_NAME) } : {}),
      user_action: 'SUBSCRIBE_NOW',
      shipping_preference: 'NO_SHIPPING',
      return_url: request.returnUrl,
      cancel_url: request.cancelUrl,
    },
  };
}

export interface PayPalSubscriptionsOptions {
  now: () => Date;
  logger?: Logger;
  brandName?: string;
}

function unusable(what: string): ProviderError {
  return new ProviderError('unavailable', 'paypal', `PayPal returned ${what}`, {
    code: 'provider_error',
    details: { provider: 'paypal' },
  });
}

/** Subscription statuses from which PayPal will not cancel, because billing has already ended. */
const ENDED = new Set(['CANCELLED', 'EXPIRED']);

/** PayPal Subscriptions v1: billing plans, subscriptions awaiting approval, cancel, and their state. */
export class PayPalSubscriptions implements SubscriptionCapability {
  readonly cancelsAtPeriodEnd = false;

  constructor(
    private readonly api: PayPalApi,
    private readonly options: PayPalSubscriptionsOptions,
  ) {}

  async createPlanPrice(price: SubscriptionPlanPrice): Promise<string> {
    const product = await callPayPal(
      'catalogs.products.create',
      () => this.api.createProduct(catalogProductBody(price), planProductRequestId(price.planPriceId)),
      this.options.logger,
    );
    const productId = str(product.result?.id);
    if (!productId) throw unusable('a catalog product without an id');
    const plan = await callPayPal(
      'billing.plans.create',
      () => this.api.createPlan(billingPlanBody(price, productId), planRequestId(price.planPriceId)),
      this.options.logger,
    );
    const planId = str(plan.result?.id);
    if (!planId) throw unusable('a billing plan without an id');
    return planId;
  }

  async createSubscriptionCheckout(request: SubscriptionCheckoutRequest): Promise<CheckoutSession> {
    const body = subscriptionCreateBody(request, this.options.brandName);
    const response = await callPayPal(
      'billing.subscriptions.create',
      () => this.api.createSubscription(body, request.idempotencyKey),
      this.options.logger,
    );
    const subscription = response.result ?? {};
    const id = str(subscription.id);
    const url = str(arr(subscription.links).find((l) => l.rel === 'approve')?.href);
    if (!id || !url) throw unusable('a subscription without an id or approval link');
    return { providerSessionId: id, checkoutUrl: url };
  }

  /**
   * `POST …/{id}/cancel` with our key as PayPal-Request-Id, then the subscription as PayPal now
   * shows it. PayPal cancels at once whatever `atPeriodEnd` says (see cancelsAtPeriodEnd). Quirk:
   * cancelling a subscription that is already cancelled (or expired) is a 422
   * SUBSCRIPTION_STATUS_INVALID; its state is then read back and reported like a cancel.
   */
  async cancelSubscription(
    ref: ProviderSubscriptionRef,
    options: { atPeriodEnd: boolean; idempotencyKey: string },
  ): Promise<DomainEvent[]> {
    const id = ref.providerSubscriptionId;
    try {
      await this.api.cancelSubscription(
        id,
        { reason: CANCEL_REASON.slice(0, MAX_CANCEL_REASON) },
        options.idempotencyKey,
      );
    } catch (err) {
      if (!(err instanceof PayPalHttpError && err.issues.includes('SUBSCRIPTION_STATUS_INVALID'))) {
        throw reportPayPalError(err, 'billing.subscriptions.cancel', this.options.logger);
      }
      const current = await this.fetch(id);
      if (!ENDED.has(str(current.status) ?? '')) {
        throw new ProviderError(
          'conflict',
          'paypal',
          `PayPal cannot cancel this subscription while it is ${(str(current.status) ?? 'in this state').toLowerCase()}`,
          { code: 'subscription_status_invalid', details: { provider: 'paypal', status: current.status } },
        );
      }
      return [this.changed(current, ref)];
    }
    return [this.changed(await this.fetch(id), ref)];
  }

  /** PayPal has nothing to resume: a cancel ended the subscription (see cancelsAtPeriodEnd). */
  async resumeSubscription(ref: ProviderSubscriptionRef, _idempotencyKey?: string): Promise<DomainEvent[]> {
    throw new ProviderError(
      'conflict',
      'paypal',
      'PayPal cannot resume a canceled subscription: the student can subscribe again',
      {
        code: 'resume_not_supported',
        details: { provider: 'paypal', providerSubscriptionId: ref.providerSubscriptionId },
      },
    );
  }

  async getSubscription(ref: ProviderSubscriptionRef): Promise<DomainEvent[]> {
    return [this.changed(await this.fetch(ref.providerSubscriptionId), ref)];
  }

  private async fetch(id: string): Promise<Json> {
    const response = await callPayPal(
      'billing.subscriptions.get',
      () => this.api.getSubscription(id),
      this.options.logger,
    );
    return response.result ?? {};
  }

  /** The subscription's SubscriptionChanged, timed now, with the caller's ids where PayPal's answer lacks them. */
  private changed(subscription: Json, ref: ProviderSubscriptionRef): SubscriptionChanged {
    const event = payPalSubscriptionChanged(subscription, this.options.now());
    if (!event) throw unusable('a subscription in a status we cannot read');
    return { ...event, ref: { ...ref, ...event.ref } };
  }
}
