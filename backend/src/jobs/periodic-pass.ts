import type { Logger } from '../logger';

/**
 * Runs a pass every `intervalMs`, one at a time (a pass still running makes the next tick a
 * no-op). For work whose queue is rows (documents to issue, emails to hand over): nothing needs
 * to wake it, a restart loses nothing, and passes in several processes skip each other's rows.
 */
export class PeriodicPass {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly logger: Logger,
    /** Logged when a pass fails (the next tick tries again). */
    private readonly failure: string,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.tick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.pass()
      .catch((error: unknown) => this.logger.error({ err: error }, this.failure))
      .finally(() => {
        this.running = undefined;
      });
  }
}
