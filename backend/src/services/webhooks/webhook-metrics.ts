import type { ProviderName } from '../../domain/payments/payment-status';
import type { ProcessOutcome, ReceiveOutcome } from './webhook.service';

/** A delivery's outcome, or `rejected`: its signature failed verification. */
export type WebhookReceiveResult = ReceiveOutcome | 'rejected';

/** A background attempt's outcome, or `failed`: it threw and is retried with backoff. */
export type WebhookProcessResult = ProcessOutcome | 'failed';

/**
 * Where the webhook inbox reports what it decided (the prom-client implementation lives in
 * metrics/). Counting only: implementations do no I/O, the webhook path waits on none.
 */
export interface WebhookMetrics {
  /** `eventType` is null for a rejected delivery: nothing of an unverified body is trusted. */
  webhookReceived(provider: ProviderName, eventType: string | null, outcome: WebhookReceiveResult): void;
  webhookProcessed(provider: ProviderName, eventType: string, outcome: WebhookProcessResult): void;
}

export const NO_WEBHOOK_METRICS: WebhookMetrics = {
  webhookReceived: () => undefined,
  webhookProcessed: () => undefined,
};
