import type { MailConfig } from '../../config/config';
import { queueRetriesFor } from '../../domain/emails/email-attempt';
import { emailMoveTarget } from '../../domain/emails/email-state-machine';
import type { DataStore } from '../../repositories/data-store';
import { EMAIL_ABANDONED_JOB, EMAIL_SEND_JOB, type EmailSendJob } from './email-jobs';
import { LEASE_SECONDS, MAIL_DISABLED_REASON } from './email-sender';

/** Rows handed over per transaction. */
const BATCH = 100;
/** A run the queue gives up on (and retries): past the lease, so a stuck run's row can be claimed again. */
const JOB_EXPIRE_SECONDS = LEASE_SECONDS + 60;

/**
 * Hands outbox rows to the job queue. A row is written with its cause (in the cause's
 * transaction) and its job is made here, after that commit, in one transaction with the stamp
 * that says it was handed: a cause rolled back leaves nothing, and a row is never handed twice.
 * Retries are pg-boss's, with backoff from MAIL_RETRY_DELAY_SECONDS, one run per attempt left.
 * With mail disabled there is nothing to send: due rows are filed `skipped` in bulk, with no job.
 */
export class EmailRelay {
  constructor(
    private readonly store: DataStore,
    private readonly mail: Pick<MailConfig, 'maxAttempts' | 'retryDelaySeconds' | 'sendPerSecond'>,
    /** No transport (MAIL_DISABLED=true): file rows instead of handing them. */
    private readonly mailDisabled: boolean,
  ) {}

  /**
   * One pass (the ticker runs one a second): rows due now get their jobs, MAIL_SEND_PER_SECOND at
   * most, so a storm's receipts drain at that rate. Returns how many were handed (or filed).
   */
  async handOver(): Promise<number> {
    if (this.mailDisabled) return this.fileSkipped();
    let handed = 0;
    for (;;) {
      const limit = Math.min(BATCH, this.mail.sendPerSecond - handed);
      if (limit <= 0) return handed;
      const batch = await this.store.transaction(async (tx) => {
        const due = await tx.emails.handOverDue(limit);
        await tx.jobs.enqueueMany(
          EMAIL_SEND_JOB,
          due.map((email) => ({
            data: { emailId: email.id } satisfies EmailSendJob,
            options: {
              retryLimit: queueRetriesFor(email.attempts, this.mail.maxAttempts),
              retryDelaySeconds: this.mail.retryDelaySeconds,
              retryBackoff: true,
              expireInSeconds: JOB_EXPIRE_SECONDS,
              deadLetter: EMAIL_ABANDONED_JOB,
            },
          })),
        );
        return due.length;
      });
      handed += batch;
      if (batch < limit) return handed;
    }
  }

  /** Files every due row `skipped` (uncapped: nothing is sent), BATCH per statement; how many. */
  private async fileSkipped(): Promise<number> {
    const skipped = emailMoveTarget('mail_disabled');
    let filed = 0;
    for (;;) {
      const batch = await this.store.repos.emails.fileDue(BATCH, skipped, MAIL_DISABLED_REASON);
      filed += batch;
      if (batch < BATCH) return filed;
    }
  }
}
