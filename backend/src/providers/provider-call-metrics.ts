import type { ProviderName } from '../domain/payments/payment-status';
import type { ProviderErrorKind } from '../errors/provider-error';

/**
 * Why a provider call failed: the ProviderError's kind, a webhook that failed verification (a
 * forged or stale delivery, not a provider fault), or anything else adapters let through.
 */
export type ProviderCallFailure = ProviderErrorKind | 'verification_failed' | 'unexpected';

/** One finished call to a provider. */
export interface ProviderCall {
  provider: ProviderName;
  /** The capability and method called, e.g. `checkout.createCheckout`. */
  operation: string;
  seconds: number;
  /** Absent when the call succeeded. */
  failure?: ProviderCallFailure;
}

/** Where provider call timings are reported (the prom-client implementation lives in metrics/). */
export interface ProviderCallMetrics {
  providerCall(call: ProviderCall): void;
}
