import { RateLimitedError } from '../../errors/app-error';

export interface SemaphoreLimits {
  /** Tasks running at once. */
  concurrency: number;
  /** Tasks waiting for a slot; one more is refused instead of queued. */
  maxQueued: number;
  /** What the refusal tells the client to wait. */
  retryAfterSeconds: number;
}

/**
 * Runs at most `concurrency` tasks at once with a bounded waiting line: when the line is full a
 * task is refused with a 429 (Retry-After) at once, so a burst costs a refusal, not a growing
 * queue of work and memory.
 */
export class BoundedSemaphore {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limits: SemaphoreLimits) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limits.concurrency) {
      if (this.waiting.length >= this.limits.maxQueued) {
        throw new RateLimitedError(
          this.limits.retryAfterSeconds,
          'The server is busy; please try again in a moment',
          'server_busy',
        );
      }
      // The releasing task hands its slot over directly, so `running` never drops in between.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
