import type PgBoss from 'pg-boss';
import { Registry } from 'prom-client';
import { jobBacklogGauge } from '../../../src/metrics/job-backlog';

/** The two pg-boss reads the gauge makes, answering as told. */
function queueReading(getQueues: () => Promise<{ name: string }[]>, sizes: Record<string, number> = {}): PgBoss {
  return { getQueues, getQueueSize: async (name: string) => sizes[name] ?? 0 } as unknown as PgBoss;
}

describe('job backlog gauge', () => {
  it('when scraped, then each queue reports its waiting jobs', async () => {
    const registry = new Registry();
    jobBacklogGauge(registry).watch(
      queueReading(async () => [{ name: 'webhook-event-retry' }, { name: 'payments-reconcile' }], {
        'webhook-event-retry': 3,
      }),
    );
    const text = await registry.metrics();
    expect(text).toContain('lms_job_queue_backlog{queue="webhook-event-retry"} 3');
    expect(text).toContain('lms_job_queue_backlog{queue="payments-reconcile"} 0');
  });

  it('when the queue sizes do not come back in time, then the scrape answers after the timeout without them and counts the failure', async () => {
    const registry = new Registry();
    jobBacklogGauge(registry, 100).watch(queueReading(() => new Promise(() => undefined)));
    const started = Date.now();
    const text = await registry.metrics();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(text).not.toMatch(/^lms_job_queue_backlog\{/m);
    expect(text).toContain('lms_job_queue_backlog_read_failures_total 1');
  });

  it('when a queue was emptied since the last scrape, then only the queues there now are reported', async () => {
    const registry = new Registry();
    let queues = [{ name: 'a' }, { name: 'b' }];
    jobBacklogGauge(registry).watch(queueReading(async () => queues));
    expect(await registry.metrics()).toContain('lms_job_queue_backlog{queue="b"} 0');
    queues = [{ name: 'a' }];
    expect(await registry.metrics()).not.toContain('queue="b"');
  });
});
