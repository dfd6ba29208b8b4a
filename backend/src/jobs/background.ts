import type PgBoss from 'pg-boss';
import type { ProcessRole } from '../config/config';
import type { Logger } from '../logger';
import type { Services } from '../services/container';
import { WebhookDispatcher } from '../services/webhooks/webhook-dispatcher';
import { documentIssuer } from './document-issuer';
import { emailRelayTicker } from './email-relay';
import type { PeriodicPass } from './periodic-pass';
import { JobRunner } from './job-runner';

export interface BackgroundOptions {
  /**
   * What this process runs (ROLE). `all` and `worker` run the job workers, the schedules, the
   * document issuer and the start-up replays; `api` runs none of them: the events its webhooks
   * store for the background come with a pg-boss job (written by the webhook service), which a
   * worker takes.
   */
  role?: ProcessRole;
  /** Webhook events processed side by side in this process. */
  concurrency?: number;
}

/**
 * Everything that runs outside a request: the webhook dispatcher and the durable pg-boss jobs
 * behind it. On start (except in an API-only process) it re-dispatches events stored before a
 * crash or restart.
 */
export class Background {
  readonly jobs: JobRunner;
  readonly dispatcher: WebhookDispatcher;
  readonly documents: PeriodicPass;
  /** Hands outbox emails to their send jobs, every second. */
  readonly emailRelay: PeriodicPass;
  private readonly role: ProcessRole;

  constructor(
    private readonly services: Services,
    queue: PgBoss,
    private readonly logger: Logger,
    options: BackgroundOptions = {},
  ) {
    this.role = options.role ?? 'all';
    this.jobs = new JobRunner({
      queue,
      webhooks: services.webhooks,
      reconciliation: services.driftReports,
      subscriptionAccess: services.subscriptionAccess,
      subscriptions: services.subscriptions,
      refunds: services.refunds,
      paymentMethods: services.paymentMethods,
      ratesRefresh: services.ratesRefresh,
      emails: services.emails,
      scheduledEmails: services.scheduledEmails,
      logger,
    });
    this.documents = documentIssuer(services.documentIssuing, logger);
    this.emailRelay = emailRelayTicker(services.emails, logger);
    this.dispatcher = new WebhookDispatcher(
      this.role === 'api'
        ? // The webhook service wrote each stored event's job with the event: nothing is left to do here.
          { process: async () => undefined, retryLater: async () => undefined }
        : {
            process: (rowId) => services.webhooks.process(rowId),
            retryLater: async (rowId) => this.jobs.scheduleWebhookRetry(rowId, await services.webhooks.attempts(rowId)),
          },
      logger,
      options.concurrency ?? 8,
    );
  }

  /** Whether this process runs the job workers, schedules, document issuer, email relay and start-up replays. */
  get runsJobs(): boolean {
    return this.role !== 'api';
  }

  async start(options: { schedule: boolean } = { schedule: true }): Promise<void> {
    if (!this.runsJobs) {
      await this.jobs.start({ schedule: false, work: false });
      return;
    }
    await this.jobs.start(options);
    const leftovers = await this.services.webhooks.unprocessed(0);
    if (leftovers.length)
      this.logger.info({ count: leftovers.length }, 'processing webhook events stored before the restart');
    // Events kept unhandled by an earlier release whose handlers exist now.
    const released = await this.services.webhooks.releaseUnhandled();
    if (released.length)
      this.logger.info({ count: released.length }, 'replaying webhook events that now have a handler');
    [...leftovers, ...released].forEach((rowId) => this.dispatcher.enqueue(rowId));
    this.documents.start();
    this.emailRelay.start();
  }

  async stop(): Promise<void> {
    await Promise.race([this.dispatcher.idle(), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    await this.emailRelay.stop();
    await this.documents.stop();
    await this.jobs.stop();
  }
}
