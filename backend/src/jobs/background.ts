import type PgBoss from 'pg-boss';
import type { Logger } from '../logger';
import type { Services } from '../services/container';
import { WebhookDispatcher } from '../services/webhooks/webhook-dispatcher';
import { DocumentIssuer } from './document-issuer';
import { JobRunner } from './job-runner';

/**
 * Everything that runs outside a request: the in-process webhook dispatcher and the durable
 * pg-boss jobs behind it. On start it re-dispatches events stored before a crash or restart.
 */
export class Background {
  readonly jobs: JobRunner;
  readonly dispatcher: WebhookDispatcher;
  readonly documents: DocumentIssuer;

  constructor(
    private readonly services: Services,
    queue: PgBoss,
    private readonly logger: Logger,
    concurrency = 8,
  ) {
    this.jobs = new JobRunner({
      queue,
      webhooks: services.webhooks,
      reconciliation: services.driftReports,
      subscriptionAccess: services.subscriptionAccess,
      subscriptions: services.subscriptions,
      refunds: services.refunds,
      paymentMethods: services.paymentMethods,
      ratesRefresh: services.ratesRefresh,
      logger,
    });
    this.documents = new DocumentIssuer(services.documentIssuing, logger);
    this.dispatcher = new WebhookDispatcher(
      {
        process: (rowId) => services.webhooks.process(rowId),
        retryLater: async (rowId) => this.jobs.scheduleWebhookRetry(rowId, await services.webhooks.attempts(rowId)),
      },
      logger,
      concurrency,
    );
  }

  async start(options: { schedule: boolean } = { schedule: true }): Promise<void> {
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
  }

  async stop(): Promise<void> {
    await Promise.race([this.dispatcher.idle(), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    await this.documents.stop();
    await this.jobs.stop();
  }
}
