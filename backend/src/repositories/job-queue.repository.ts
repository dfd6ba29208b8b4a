import type PgBoss from 'pg-boss';
import type { SqlRunner } from './sql-runner';

export interface EnqueueOptions {
  /** Seconds to wait before the job may start. */
  startAfterSeconds?: number;
  /** At most one queued job per key (e.g. `invoice:<paymentId>`). */
  singletonKey?: string;
  retryLimit?: number;
}

/**
 * Post-commit work (PDF rendering, emails, provider calls) enqueued on the caller's connection:
 * inside a transaction the job becomes visible only if that transaction commits, so a rollback
 * never leaves work behind and a commit never loses it.
 */
export class JobQueueRepository {
  constructor(
    private readonly sql: SqlRunner,
    private readonly queue: PgBoss | undefined,
  ) {}

  async enqueue(name: string, data: object, options: EnqueueOptions = {}): Promise<void> {
    if (!this.queue) throw new Error(`No job queue is configured; cannot enqueue '${name}'`);
    const db = {
      executeSql: async (text: string, values: unknown[]) => ({ rows: await this.sql.query(text, values) }),
    };
    // pg-boss validates present keys, so only the options given are passed.
    const send: PgBoss.SendOptions & { db: typeof db } = { db };
    if (options.startAfterSeconds !== undefined) send.startAfter = options.startAfterSeconds;
    if (options.singletonKey !== undefined) send.singletonKey = options.singletonKey;
    if (options.retryLimit !== undefined) send.retryLimit = options.retryLimit;
    await this.queue.send(name, data, send);
  }
}
