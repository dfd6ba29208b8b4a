import type { Logger } from '../logger';
import type { DocumentIssuingService } from '../services/invoices/document-issuing.service';

/** How often pending documents are looked for: an invoice is ready about this long after the sale. */
const ISSUE_INTERVAL_MS = 1000;

/**
 * Runs the document issuing pass every second, one pass at a time. Nothing needs to be queued
 * for it: pending documents are rows (written with the sale or refund), so a restart loses
 * nothing and several processes simply take turns on the issuing lock.
 */
export class DocumentIssuer {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly issuing: DocumentIssuingService,
    private readonly logger: Logger,
    private readonly intervalMs = ISSUE_INTERVAL_MS,
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
    this.running = this.issuing
      .issuePending()
      .then(({ issued, rendered }) => {
        if (issued || rendered) this.logger.info({ issued, rendered }, 'documents issued');
      })
      .catch((error: unknown) => this.logger.error({ err: error }, 'document issuing failed; retrying'))
      .finally(() => {
        this.running = undefined;
      });
  }
}
