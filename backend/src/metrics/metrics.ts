import type { RequestHandler } from 'express';
import type PgBoss from 'pg-boss';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { ProviderCallMetrics } from '../providers/provider-call-metrics';
import type { ServiceMetrics } from '../services/container';
import { httpRequestMetrics } from './http-request-metrics';
import { jobBacklogGauge } from './job-backlog';
import { providerCallHistogram } from './provider-call-histogram';
import { reconciliationCounters } from './reconciliation-counters';
import { webhookCounters } from './webhook-counters';

/**
 * One process's metrics on its own registry (never prom-client's global one: tests build many
 * apps in one process). Each part is handed to what it measures: `providerCalls` to
 * createProviders, the service ports to createServices, `httpRequests` and the registry to
 * createApp; a process without HTTP (a worker) uses the same object and serves `registry` itself.
 */
export interface Metrics extends ServiceMetrics {
  readonly registry: Registry;
  /** Times every HTTP request; mounted first. */
  readonly httpRequests: RequestHandler;
  readonly providerCalls: ProviderCallMetrics;
  /** Reports the backlog of each queue of this pg-boss instance at scrape time. */
  watchJobQueue(queue: PgBoss): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const backlog = jobBacklogGauge(registry);
  return {
    registry,
    httpRequests: httpRequestMetrics(registry),
    providerCalls: providerCallHistogram(registry),
    webhooks: webhookCounters(registry),
    reconciliation: reconciliationCounters(registry),
    watchJobQueue: (queue) => backlog.watch(queue),
  };
}
