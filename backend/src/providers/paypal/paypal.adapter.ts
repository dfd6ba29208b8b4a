import type { PayPalConfig } from '../../config/config';
import type { Logger } from '../../logger';
import type { PaymentProvider } from '../payment-provider';
import { PayPalCheckout } from './paypal-checkout';
import { createPayPalClient, type PayPalApi } from './paypal-client';
import { PayPalCustomers } from './paypal-customers';
import { PayPalDisputes } from './paypal-disputes';
import { PayPalPaymentMethods } from './paypal-payment-methods';
import { PayPalRefunds } from './paypal-refunds';
import { PayPalSubscriptions } from './paypal-subscriptions';
import type { CertFetcher } from './paypal-cert-fetch';
import { PayPalEventConfirmation } from './paypal-event-confirmation';
import { PayPalWebhooks, PayPalWebhookVerifier } from './paypal-webhooks';

export interface PayPalAdapterOptions {
  /** Injected API (tests); built from the config otherwise. */
  api?: PayPalApi;
  fetchCert?: CertFetcher;
  now?: () => Date;
  /** How far a webhook's transmission time may be from now (default 600 s: config.paypalWebhookToleranceSeconds). */
  webhookToleranceSeconds?: number;
  brandName?: string;
}

/** PayPal's capabilities over one PayPalApi (the SDK behind paypal-client.ts). */
export class PayPalAdapter implements PaymentProvider {
  readonly name = 'paypal' as const;
  readonly checkout: PayPalCheckout;
  readonly customers: PayPalCustomers;
  readonly refunds: PayPalRefunds;
  readonly disputes: PayPalDisputes;
  readonly subscriptions: PayPalSubscriptions;
  readonly paymentMethods: PayPalPaymentMethods;
  readonly webhooks: PayPalWebhooks;

  constructor(config: PayPalConfig, logger?: Logger, options: PayPalAdapterOptions = {}) {
    const api = options.api ?? createPayPalClient(config);
    const now = options.now ?? (() => new Date());
    this.checkout = new PayPalCheckout(api, { now, logger, brandName: options.brandName });
    this.customers = new PayPalCustomers();
    this.refunds = new PayPalRefunds(api, { now, logger });
    this.subscriptions = new PayPalSubscriptions(api, { now, logger, brandName: options.brandName });
    this.paymentMethods = new PayPalPaymentMethods(api, { now, logger, brandName: options.brandName });
    this.disputes = new PayPalDisputes(api, { now, logger });
    this.webhooks = new PayPalWebhooks(
      new PayPalWebhookVerifier({
        webhookId: config.webhookId,
        env: config.env,
        apiBase: config.apiBase,
        fetchCert: options.fetchCert,
        now: options.now,
        toleranceSeconds: options.webhookToleranceSeconds,
      }),
      new PayPalEventConfirmation(api, { now, logger }),
    );
  }
}
