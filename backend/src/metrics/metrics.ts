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
  const own = new Registry();
  const backlog = jobBacklogGauge(own);
  const parts = {
    httpRequests: httpRequestMetrics(own),
    providerCalls: providerCallHistogram(own),
    webhooks: webhookCounters(own),
    reconciliation: reconciliationCounters(own),
  };
  return {
    registry: Registry.merge([processRegistry(), own]),
    ...parts,
    watchJobQueue: (queue) => backlog.watch(queue),
  };
}

let processMetrics: Registry | undefined;

/**
 * Node's default metrics describe the process, not an app, and each collection keeps an event
 * loop monitor and a GC observer running for good: collected once, shared by every registry.
 */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}
