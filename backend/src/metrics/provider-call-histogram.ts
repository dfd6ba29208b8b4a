import { Counter, Histogram, type Registry } from 'prom-client';
import type { ProviderCallMetrics } from '../providers/provider-call-metrics';

/** Provider calls as a latency histogram and an error counter, by provider and operation. */
export function providerCallHistogram(registry: Registry): ProviderCallMetrics {
  const duration = new Histogram({
    name: 'lms_provider_call_duration_seconds',
    help: 'Time of each call to a payment provider, by provider, operation (capability.method) and outcome (ok, error)',
    labelNames: ['provider', 'operation', 'outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'lms_provider_call_errors_total',
    help: 'Failed calls to a payment provider, by provider, operation and error kind (ProviderError kind, verification_failed, unexpected)',
    labelNames: ['provider', 'operation', 'kind'] as const,
    registers: [registry],
  });
  return {
    providerCall({ provider, operation, seconds, failure }) {
      duration.observe({ provider, operation, outcome: failure ? 'error' : 'ok' }, seconds);
      if (failure) errors.inc({ provider, operation, kind: failure });
    },
  };
}
