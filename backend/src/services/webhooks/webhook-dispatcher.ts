import type { Logger } from '../../logger';

export interface DispatcherHandlers {
  process(rowId: string): Promise<unknown>;
  /** Called when an attempt failed; schedules a later retry. */
  retryLater(rowId: string): Promise<void>;
}

/**
 * Processes acknowledged webhook events in the background with bounded concurrency, so a storm
 * of deliveries queues here instead of exhausting the database pool.
 */
export class WebhookDispatcher {
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private running = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly handlers: DispatcherHandlers,
    private readonly logger: Logger,
    private readonly concurrency = 8,
  ) {}

  enqueue(rowId: string): void {
    if (this.queued.has(rowId)) return;
    this.queued.add(rowId);
    this.queue.push(rowId);
    this.pump();
  }

  /** Hands a failed event to the durable retry schedule (backoff) instead of the queue. */
  retryLater(rowId: string): void {
    void this.handlers.retryLater(rowId).catch((error: unknown) => {
      this.logger.error({ rowId, err: error }, 'could not schedule webhook retry; the sweeper will pick it up');
    });
  }

  get pending(): number {
    return this.queue.length + this.running;
  }

  /** Resolves when nothing is queued or running (tests, shutdown). */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const rowId = this.queue.shift()!;
      this.queued.delete(rowId);
      this.running += 1;
      void this.run(rowId).finally(() => {
        this.running -= 1;
        this.pump();
        if (this.pending === 0) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          waiters.forEach((resolve) => resolve());
        }
      });
    }
  }

  private async run(rowId: string): Promise<void> {
    try {
      await this.handlers.process(rowId);
    } catch (error) {
      this.logger.warn({ rowId, err: error }, 'webhook processing failed; will retry');
      try {
        await this.handlers.retryLater(rowId);
      } catch (scheduleError) {
        this.logger.error(
          { rowId, err: scheduleError },
          'could not schedule webhook retry; the sweeper will pick it up',
        );
      }
    }
  }
}
