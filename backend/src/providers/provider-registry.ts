import type { Config } from '../config/config';
import { PROVIDERS, type ProviderName } from '../domain/payments/payment-status';
import { AppError } from '../errors/app-error';
import type { Logger } from '../logger';
import { instrumentProvider } from './instrumented-provider';
import type { PaymentProvider, ProviderLookup } from './payment-provider';
import type { ProviderCallMetrics } from './provider-call-metrics';
import { PayPalAdapter, type PayPalAdapterOptions } from './paypal/paypal.adapter';
import { StripeAdapter, type StripeAdapterOptions } from './stripe/stripe.adapter';

/**
 * Ready-made adapters to use instead of building them from the config (tests), options for the
 * ones built here (clock, PayPal transmission-time window, ...), and where their calls are reported.
 */
export interface ProviderOverrides {
  stripe?: PaymentProvider;
  paypal?: PaymentProvider;
  stripeOptions?: StripeAdapterOptions;
  paypalOptions?: PayPalAdapterOptions;
  /** Times every capability call of every adapter, each wrapped once here (instrumented-provider.ts). */
  metrics?: ProviderCallMetrics;
}

export function createProviders(config: Config, logger?: Logger, overrides: ProviderOverrides = {}): ProviderLookup {
  const adapters = new Map<ProviderName, PaymentProvider>();
  const stripe =
    overrides.stripe ??
    (config.stripe
      ? new StripeAdapter(config.stripe, logger?.child({ provider: 'stripe' }), overrides.stripeOptions)
      : undefined);
  const paypal =
    overrides.paypal ??
    (config.paypal
      ? new PayPalAdapter(config.paypal, logger?.child({ provider: 'paypal' }), {
          webhookToleranceSeconds: config.paypalWebhookToleranceSeconds,
          ...overrides.paypalOptions,
        })
      : undefined);
  const instrumented = (adapter: PaymentProvider) =>
    overrides.metrics ? instrumentProvider(adapter, overrides.metrics) : adapter;
  if (stripe) adapters.set('stripe', instrumented(stripe));
  if (paypal) adapters.set('paypal', instrumented(paypal));

  const find = (name: string): PaymentProvider | undefined =>
    (PROVIDERS as readonly string[]).includes(name) ? adapters.get(name as ProviderName) : undefined;

  return {
    get(name) {
      const adapter = find(name);
      if (!adapter) {
        // The caller asked for something we do not offer: a request error, not a provider failure.
        throw new AppError(400, 'unsupported_provider', `Payment provider '${name}' is not available`, {
          provider: name,
          available: [...adapters.keys()],
        });
      }
      return adapter;
    },
    has(name) {
      return find(name) !== undefined;
    },
    configured() {
      return PROVIDERS.filter((p) => adapters.has(p));
    },
  };
}
