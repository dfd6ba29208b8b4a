import type { Config } from '../config/config';
import { PROVIDERS, type ProviderName } from '../domain/payments/payment-status';
import { AppError } from '../errors/app-error';
import type { Logger } from '../logger';
import type { PaymentProvider } from './payment-provider';
import { PayPalAdapter, type PayPalAdapterOptions } from './paypal/paypal.adapter';
import { StripeAdapter, type StripeAdapterOptions } from './stripe/stripe.adapter';

export interface ProviderRegistry {
  /** The adapter for a provider; 400 `unsupported_provider` when it is unknown or not configured here. */
  get(name: ProviderName | string): PaymentProvider;
  /** Providers with credentials (or the sandbox) configured, in a stable order. */
  configured(): ProviderName[];
}

/**
 * Ready-made adapters to use instead of building them from the config (tests), and options for
 * the ones built here (clock, PayPal transmission-age cap, ...).
 */
export interface ProviderOverrides {
  stripe?: PaymentProvider;
  paypal?: PaymentProvider;
  stripeOptions?: StripeAdapterOptions;
  paypalOptions?: PayPalAdapterOptions;
}

export function createProviders(config: Config, logger?: Logger, overrides: ProviderOverrides = {}): ProviderRegistry {
  const adapters = new Map<ProviderName, PaymentProvider>();
  const stripe =
    overrides.stripe ??
    (config.stripe
      ? new StripeAdapter(config.stripe, logger?.child({ provider: 'stripe' }), overrides.stripeOptions)
      : undefined);
  const paypal =
    overrides.paypal ??
    (config.paypal
      ? new PayPalAdapter(config.paypal, logger?.child({ provider: 'paypal' }), overrides.paypalOptions)
      : undefined);
  if (stripe) adapters.set('stripe', stripe);
  if (paypal) adapters.set('paypal', paypal);

  return {
    get(name) {
      const adapter = (PROVIDERS as readonly string[]).includes(name) ? adapters.get(name as ProviderName) : undefined;
      if (!adapter) {
        throw new AppError(400, 'unsupported_provider', `Payment provider '${name}' is not available`, {
          provider: name,
          available: [...adapters.keys()],
        });
      }
      return adapter;
    },
    configured() {
      return PROVIDERS.filter((p) => adapters.has(p));
    },
  };
}
