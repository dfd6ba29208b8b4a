import type { Logger } from '../logger';
import type { EmailService } from '../services/emails/email.service';

/** How often the outbox is looked at: an email leaves about this long after its cause commits. */
const RELAY_INTERVAL_MS = 1000;

/**
 * Runs the outbox relay every second, one pass at a time: rows whose time has come get their
 * send job. Nothing needs to wake it: the rows are the queue, so a restart loses nothing and
 * relays in several processes skip each other's rows.
 */
export class EmailRelayTicker {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly emails: EmailService,
    private readonly logger: Logger,
    private readonly intervalMs = RELAY_INTERVAL_MS,
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
    this.running = this.emails
      .handOver()
      .then((handed) => {
        if (handed) this.logger.debug({ handed }, 'emails handed to the job queue');
      })
      .catch((error: unknown) => this.logger.error({ err: error }, 'email relay failed; retrying'))
      .finally(() => {
        this.running = undefined;
      });
  }
}
