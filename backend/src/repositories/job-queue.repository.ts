import type PgBoss from 'pg-boss';
import type { SqlRunner } from './sql-runner';

export interface EnqueueOptions {
  /** Seconds to wait before the job may start. */
  startAfterSeconds?: number;
  /** At most one queued job per key (e.g. `invoice:<paymentId>`). */
  singletonKey?: string;
  retryLimit?: number;
  /** Seconds before the first retry. */
  retryDelaySeconds?: number;
  /** Each retry waits about twice as long as the one before (pg-boss adds jitter). */
  retryBackoff?: boolean;
  /** A run taking longer than this is failed by the queue (and retried). */
  expireInSeconds?: number;
  /** The queue a job goes to once its retries are used up. */
  deadLetter?: string;
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
    if (options.retryDelaySeconds !== undefined) send.retryDelay = options.retryDelaySeconds;
    if (options.retryBackoff !== undefined) send.retryBackoff = options.retryBackoff;
    if (options.expireInSeconds !== undefined) send.expireInSeconds = options.expireInSeconds;
    if (options.deadLetter !== undefined) send.deadLetter = options.deadLetter;
    await this.queue.send(name, data, send);
  }
}
