import type { StripeConfig } from '../../config/config';
import type { Logger } from '../../logger';
import type { PaymentProvider } from '../payment-provider';
import { StripeCheckout } from './stripe-checkout';
import { createStripeClient, type StripeClient } from './stripe-client';
import { StripeCustomers } from './stripe-customers';
import { StripeDisputes } from './stripe-disputes';
import { StripePaymentMethods } from './stripe-payment-methods';
import { StripeRefunds } from './stripe-refunds';
import { StripeSubscriptions } from './stripe-subscriptions';
import { STRIPE_SIGNATURE_TOLERANCE_SECONDS, StripeWebhooks } from './stripe-webhooks';

export interface StripeAdapterOptions {
  /** Injected SDK client (tests); built from the config otherwise. */
  client?: StripeClient;
  /** Clock for checkout expiry, signature age and fetch times. */
  now?: () => Date;
  webhookToleranceSeconds?: number;
}

/** Stripe's capabilities over one SDK client. */
export class StripeAdapter implements PaymentProvider {
  readonly name = 'stripe' as const;
  readonly checkout: StripeCheckout;
  readonly customers: StripeCustomers;
  readonly refunds: StripeRefunds;
  readonly disputes: StripeDisputes;
  readonly subscriptions: StripeSubscriptions;
  readonly paymentMethods: StripePaymentMethods;
  readonly webhooks: StripeWebhooks;

  constructor(config: StripeConfig, logger?: Logger, options: StripeAdapterOptions = {}) {
    const stripe = options.client ?? createStripeClient(config);
    const now = options.now ?? (() => new Date());
    this.checkout = new StripeCheckout(stripe, { now, logger });
    this.customers = new StripeCustomers(stripe, logger);
    this.refunds = new StripeRefunds(stripe, { now, logger });
    this.subscriptions = new StripeSubscriptions(stripe, { now, logger });
    this.paymentMethods = new StripePaymentMethods(stripe, { now, logger });
    this.disputes = new StripeDisputes(stripe, { now, logger });
    this.webhooks = new StripeWebhooks(stripe, {
      secret: config.webhookSecret,
      toleranceSeconds: options.webhookToleranceSeconds ?? STRIPE_SIGNATURE_TOLERANCE_SECONDS,
      now: options.now,
    });
  }
}
