import Stripe from 'stripe';
import type { StripeConfig } from '../../config/config';

/** The Stripe SDK instance; the only place that knows how to reach Stripe (or the offline sandbox). */
export type StripeClient = Stripe;

export interface StripeClientOptions {
  /** Per-request timeout; Stripe's default of 80 s is longer than any HTTP request of ours should wait. */
  timeoutMs?: number;
  maxNetworkRetries?: number;
}

export function createStripeClient(config: StripeConfig, options: StripeClientOptions = {}): StripeClient {
  const base = config.apiBase;
  return new Stripe(config.secretKey, {
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs ?? 20_000,
    telemetry: false,
    appInfo: { name: 'lms-payments' },
    ...(base
      ? {
          host: base.hostname,
          port: base.port || (base.protocol === 'https:' ? 443 : 80),
          protocol: base.protocol === 'http:' ? 'http' : 'https',
        }
      : {}),
  });
}
