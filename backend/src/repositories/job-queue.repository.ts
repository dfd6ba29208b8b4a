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

  /**
   * Several jobs of one queue in one statement (pg-boss `insert`), on the caller's connection.
   * `startAfterSeconds` and `singletonKey` are not taken here: insert knows only absolute times.
   */
  async enqueueMany(
    name: string,
    jobs: { data: object; options?: Omit<EnqueueOptions, 'startAfterSeconds' | 'singletonKey'> }[],
  ): Promise<void> {
    if (!this.queue) throw new Error(`No job queue is configured; cannot enqueue '${name}'`);
    if (jobs.length === 0) return;
    await this.queue.insert(
      jobs.map(({ data, options = {} }) => ({
        name,
        data,
        retryLimit: options.retryLimit,
        retryDelay: options.retryDelaySeconds,
        retryBackoff: options.retryBackoff,
        expireInSeconds: options.expireInSeconds,
        deadLetter: options.deadLetter,
      })),
      { db: this.db() },
    );
  }

  async enqueue(name: string, data: object, options: EnqueueOptions = {}): Promise<void> {
    if (!this.queue) throw new Error(`No job queue is configured; cannot enqueue '${name}'`);
    const db = this.db();
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

  /** pg-boss's database port over this scope's connection (the caller's transaction, when there is one). */
  private db() {
    return { executeSql: async (text: string, values: unknown[]) => ({ rows: await this.sql.query(text, values) }) };
  }
}
