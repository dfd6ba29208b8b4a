import { Counter, type Registry } from 'prom-client';
import type { WebhookMetrics } from '../services/webhooks/webhook-metrics';
import { BoundedLabel } from './bounded-label';

/** The event type label of a delivery whose signature failed: its body is not trusted. */
const UNVERIFIED = 'unverified';
const MAX_EVENT_TYPES = 300;

/** The webhook inbox's decisions as two counters; each report is one increment, no I/O. */
export function webhookCounters(registry: Registry): WebhookMetrics {
  const deliveries = new Counter({
    name: 'lms_webhook_deliveries_total',
    help: 'Webhook deliveries by provider, event type and outcome (processed, unhandled, ignored, duplicate, deferred, retry, rejected)',
    labelNames: ['provider', 'event_type', 'outcome'] as const,
    registers: [registry],
  });
  const processing = new Counter({
    name: 'lms_webhook_processing_total',
    help: 'Background processing attempts of stored webhook events by provider, event type and outcome (processed, unhandled, ignored, skipped, failed)',
    labelNames: ['provider', 'event_type', 'outcome'] as const,
    registers: [registry],
  });
  // Verified types only: they come from the provider's catalog, capped all the same.
  const types = new BoundedLabel(MAX_EVENT_TYPES);
  return {
    webhookReceived(provider, eventType, outcome) {
      deliveries.inc({ provider, event_type: eventType === null ? UNVERIFIED : types.of(eventType), outcome });
    },
    webhookProcessed(provider, eventType, outcome) {
      processing.inc({ provider, event_type: types.of(eventType), outcome });
    },
  };
}
