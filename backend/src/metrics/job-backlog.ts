import type PgBoss from 'pg-boss';
import { Counter, Gauge, type Registry } from 'prom-client';

/** How long a scrape waits for the queue sizes before it answers without them. */
const READ_TIMEOUT_MS = 2000;

interface BacklogReading {
  /** Each queue's name and waiting jobs. */
  sizes: [string, number][];
  ok: boolean;
}

/** Which pg-boss instance the backlog gauge reads. */
export interface JobBacklog {
  watch(queue: PgBoss): void;
}

/**
 * The backlog of every pg-boss queue (jobs created or waiting to retry, not yet active), read
 * when Prometheus scrapes, never in between. A slow or unreachable database costs a scrape at
 * most `timeoutMs`: it then answers without the gauge and counts the failure.
 */
export function jobBacklogGauge(registry: Registry, timeoutMs = READ_TIMEOUT_MS): JobBacklog {
  let watched: PgBoss | undefined;
  // One read per scrape, shared by both metrics: the registry collects them side by side.
  let reading: Promise<BacklogReading> | undefined;
  const read = (): Promise<BacklogReading> => {
    const boss = watched;
    if (!boss) return Promise.resolve({ sizes: [], ok: true });
    reading ??= withTimeout(queueSizes(boss), timeoutMs)
      .then(
        (sizes) => ({ sizes, ok: true }),
        () => ({ sizes: [], ok: false }),
      )
      .finally(() => (reading = undefined));
    return reading;
  };
  new Gauge({
    name: 'lms_job_queue_backlog',
    help: 'Jobs waiting in each pg-boss queue (created or retrying, not yet active), read at scrape time',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      const { sizes } = await read();
      this.reset();
      for (const [queue, size] of sizes) this.set({ queue }, size);
    },
  });
  new Counter({
    name: 'lms_job_queue_backlog_read_failures_total',
    help: 'Scrapes that could not read the job queue sizes in time (the backlog gauge is then absent)',
    registers: [registry],
    async collect() {
      if (!(await read()).ok) this.inc();
    },
  });
  return {
    watch(queue) {
      watched = queue;
    },
  };
}

async function queueSizes(boss: PgBoss): Promise<[string, number][]> {
  const queues = await boss.getQueues();
  return Promise.all(
    queues.map(async ({ name }): Promise<[string, number]> => [name, (await boss.getQueueSize(name)) ?? 0]),
  );
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
