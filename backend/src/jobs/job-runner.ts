import { setTimeout as delay } from 'node:timers/promises';
import type PgBoss from 'pg-boss';
import type { Logger } from '../logger';
import type { DriftReportService } from '../services/reconciliation/drift-report.service';
import type { SubscriptionAccessSweep } from '../services/subscriptions/subscription-access-sweep';
import { EMAIL_ABANDONED_JOB, EMAIL_SEND_JOB, type EmailSendJob } from '../services/emails/email-jobs';
import type { EmailService } from '../services/emails/email.service';
import type { ScheduledEmailService } from '../services/emails/lifecycle/scheduled-emails.service';
import { REFUND_SUBMIT_JOB, type RefundSubmitJob } from '../services/refunds/refund-jobs';
import {
  SUBSCRIPTION_DUPLICATE_JOB,
  type SubscriptionDuplicateJob,
} from '../services/subscriptions/duplicate-subscription';
import type { SubscriptionService } from '../services/subscriptions/subscription.service';
import { PAYMENT_METHODS_SYNC_JOB, type PaymentMethodsSyncJob } from '../services/payment-methods/method-sync-job';
import type { PaymentMethodService } from '../services/payment-methods/payment-method.service';
import type { RefundService } from '../services/refunds/refund.service';
import type { RatesRefreshService } from '../services/rates/rates-refresh.service';
import { WEBHOOK_HANDOVER_JOB, type WebhookHandoverJob } from '../services/webhooks/webhook-jobs';
import type { WebhookService } from '../services/webhooks/webhook.service';

const WEBHOOK_RETRY = 'webhook-event-retry';
/** Handed-over events a worker takes per poll; they are processed side by side. */
const HANDOVER_BATCH = 16;
const RECONCILE = 'payments-reconcile';
const SUBSCRIPTIONS = 'subscriptions-maintain';
const SWEEP = 'webhook-events-sweep';
const RATES = 'exchange-rates-daily';
const EMAILS_ENDING_SOON = 'emails-ending-soon';
const EMAILS_DIGEST = 'emails-admin-digest';
/** Hourly: the reminder goes three days ahead, so an hour's delay is nothing. */
const ENDING_SOON_SCHEDULE = '5 * * * *';
/** 00:15 UTC, the digest of the day before: a failing event has used up its attempts by then. */
const DIGEST_SCHEDULE = '15 0 * * *';
/**
 * Emails a worker takes per poll, sent side by side. pg-boss waits its polling interval between
 * fetches even when more jobs are waiting, so one job per poll would cap sending at a few a second.
 */
const EMAIL_BATCH = 20;
/** Workers polling side by side: up to EMAIL_WORKERS × EMAIL_BATCH sends in flight, about 80 a second. */
const EMAIL_WORKERS = 2;
/** How often pg-boss checks, while stopping, whether its workers have finished. */
const WORKER_CHECK_MS = 1000;

/**
 * Daily at 16:00 UTC: the ECB publishes its reference rates around 16:00 CET (15:00 UTC in
 * winter, 14:00 in summer), so the day's file is there.
 */
const RATES_SCHEDULE = '0 16 * * *';

export interface JobRunnerDependencies {
  queue: PgBoss;
  webhooks: WebhookService;
  /** Payment and subscription reconciliation, each run recorded with the drift it found. */
  reconciliation: DriftReportService;
  subscriptionAccess: SubscriptionAccessSweep;
  subscriptions: SubscriptionService;
  refunds: RefundService;
  paymentMethods: PaymentMethodService;
  /** The daily rates job: fetch and import when RATES_SOURCE_URL is set, then log stale rates. */
  ratesRefresh?: RatesRefreshService;
  /** The outbox's send job; unset: no email worker (a runner built for other work). */
  emails?: EmailService;
  /** The ending-soon sweep and the daily digest; unset: not scheduled. */
  scheduledEmails?: ScheduledEmailService;
  logger: Logger;
}

/**
 * Durable background work on pg-boss, in the same PostgreSQL: retries of failed webhook
 * processing with exponential backoff, refunds sent to the provider after their row commits,
 * the reconciliation job, and a sweep that picks up events
 * stored but never processed (for example after a crash).
 */
export class JobRunner {
  private boss?: PgBoss;

  constructor(private readonly deps: JobRunnerDependencies) {}

  /**
   * Starts pg-boss and makes sure every queue exists. With `work: false` (ROLE=api) it stops
   * there: the process can send jobs (its repositories write them in their transactions), and
   * the processes that run workers take them.
   */
  async start(options: { schedule: boolean; work?: boolean } = { schedule: true }): Promise<void> {
    const boss = this.deps.queue;
    boss.on('error', (error) => this.deps.logger.error({ err: error }, 'job queue error'));
    await boss.start();
    for (const name of [
      WEBHOOK_RETRY,
      WEBHOOK_HANDOVER_JOB,
      RECONCILE,
      SUBSCRIPTIONS,
      SWEEP,
      REFUND_SUBMIT_JOB,
      SUBSCRIPTION_DUPLICATE_JOB,
      PAYMENT_METHODS_SYNC_JOB,
      RATES,
      // The dead-letter queue before the queue whose jobs name it.
      EMAIL_ABANDONED_JOB,
      EMAIL_SEND_JOB,
      EMAILS_ENDING_SOON,
      EMAILS_DIGEST,
    ])
      await boss.createQueue(name);
    this.boss = boss;
    if (options.work === false) return;
    await boss.work<{ rowId: string }>(WEBHOOK_RETRY, { pollingIntervalSeconds: 1 }, async ([job]) => {
      await this.deps.webhooks.process(job.data.rowId);
    });
    await boss.work<WebhookHandoverJob>(
      WEBHOOK_HANDOVER_JOB,
      { pollingIntervalSeconds: 0.5, batchSize: HANDOVER_BATCH },
      async (jobs) => {
        await Promise.all(jobs.map((job) => this.processHandedOver(job.data.rowId)));
      },
    );
    await boss.work<RefundSubmitJob>(REFUND_SUBMIT_JOB, { pollingIntervalSeconds: 1 }, async ([job]) => {
      await this.deps.refunds.submit(job.data.refundId, 'system');
    });
    await boss.work<SubscriptionDuplicateJob>(
      SUBSCRIPTION_DUPLICATE_JOB,
      { pollingIntervalSeconds: 1 },
      async ([job]) => {
        await this.deps.subscriptions.cancelDuplicate(job.data.subscriptionId);
      },
    );
    await boss.work<PaymentMethodsSyncJob>(PAYMENT_METHODS_SYNC_JOB, { pollingIntervalSeconds: 1 }, async ([job]) => {
      await this.deps.paymentMethods.syncProvider(job.data.userId, job.data.provider);
    });
    const emails = this.deps.emails;
    if (emails) {
      for (let i = 0; i < EMAIL_WORKERS; i += 1) {
        await boss.work<EmailSendJob>(
          EMAIL_SEND_JOB,
          { pollingIntervalSeconds: 0.5, batchSize: EMAIL_BATCH },
          async (jobs) => {
            // A failed send fails its own job (retried with backoff); pg-boss completes only the jobs still active.
            await Promise.all(
              jobs.map((job) =>
                emails.send(job.data.emailId).catch(async (error: unknown) => {
                  await boss.fail(EMAIL_SEND_JOB, job.id, {
                    message: error instanceof Error ? error.message : String(error),
                  });
                }),
              ),
            );
          },
        );
      }
      await boss.work<EmailSendJob>(EMAIL_ABANDONED_JOB, { pollingIntervalSeconds: 5 }, async ([job]) => {
        await emails.abandon(job.data.emailId, 'every run of its send job failed');
      });
    }
    await boss.work(RECONCILE, async () => {
      await this.deps.reconciliation.runPayments();
    });
    await boss.work(SUBSCRIPTIONS, async () => {
      // First learn what the provider says (a renewal whose webhook was lost), then let the clock end access.
      await this.deps.reconciliation.runSubscriptions();
      await this.deps.subscriptionAccess.run();
    });
    await boss.work(SWEEP, async () => {
      await this.sweep();
    });
    const rates = this.deps.ratesRefresh;
    if (rates) {
      await boss.work(RATES, async () => {
        await rates.run();
      });
    }
    const scheduled = this.deps.scheduledEmails;
    if (scheduled) {
      await boss.work(EMAILS_ENDING_SOON, async () => {
        await scheduled.enqueueEndingSoon();
      });
      await boss.work(EMAILS_DIGEST, async () => {
        await scheduled.enqueueYesterdaysDigest();
      });
    }
    if (options.schedule) {
      if (scheduled) {
        await boss.schedule(EMAILS_ENDING_SOON, ENDING_SOON_SCHEDULE, undefined, { tz: 'UTC' });
        await boss.schedule(EMAILS_DIGEST, DIGEST_SCHEDULE, undefined, { tz: 'UTC' });
      }
      await boss.schedule(RECONCILE, '* * * * *');
      await boss.schedule(SUBSCRIPTIONS, '* * * * *');
      await boss.schedule(SWEEP, '* * * * *');
      if (rates) await boss.schedule(RATES, RATES_SCHEDULE, undefined, { tz: 'UTC' });
    }
  }

  /**
   * Schedules another processing attempt with exponential backoff (2 s, 4 s, 8 s … capped at
   * 10 minutes). pg-boss keeps it durable across restarts.
   */
  async scheduleWebhookRetry(rowId: string, attempt: number): Promise<void> {
    if (!this.boss) throw new Error('job runner not started');
    const delaySeconds = Math.min(2 ** Math.max(attempt, 1), 600);
    await this.boss.send(
      WEBHOOK_RETRY,
      { rowId },
      { startAfter: delaySeconds, retryLimit: 5, retryBackoff: true, retryDelay: 5 },
    );
  }

  /** A failed attempt goes to the backoff schedule, as the in-process dispatcher does; the job itself is done. */
  private async processHandedOver(rowId: string): Promise<void> {
    try {
      await this.deps.webhooks.process(rowId);
    } catch (error) {
      this.deps.logger.warn({ rowId, err: error }, 'webhook processing failed; will retry');
      await this.scheduleWebhookRetry(rowId, await this.deps.webhooks.attempts(rowId));
    }
  }

  /** Processes events that were stored but not processed within a minute (failures stay recorded). */
  async sweep(): Promise<number> {
    const ids = await this.deps.webhooks.unprocessed(60);
    for (const id of ids) await this.deps.webhooks.process(id).catch(() => undefined);
    return ids.length;
  }

  /**
   * Stops pg-boss and returns once nothing of it runs any more. pg-boss resolves its own stop
   * before it has finished checking on its workers, which it does once a second; waiting that
   * check out keeps its timers from firing after the database (or a test) has been closed.
   */
  async stop(): Promise<void> {
    const boss = this.boss;
    if (!boss) return;
    this.boss = undefined;
    await boss.stop({ graceful: true, timeout: 5000 });
    await delay(WORKER_CHECK_MS + 100);
  }
}
