import type { Logger } from '../../logger';
import type { ProviderLookup } from '../../providers/payment-provider';
import type { DataStore } from '../../repositories/data-store';
import type { SettlementService } from '../payments/settlement.service';
import { emptyReport, runCheck, type ReconciliationReport } from '../reconciliation/drift-check';
import { claimedState } from '../reconciliation/drift-decision';
import { pinned } from './pinned-events';

const BATCH = 100;

/** Checkouts the provider knows that no event completed after this long are asked about. */
const STALE_CHECKOUT_MS = 15 * 60 * 1000;

/**
 * Asks the providers about the subscriptions where a lost webhook would matter most: those at a
 * period boundary (a renewal, a scheduled end), past_due ones (a retry may have paid), and
 * started checkouts with no news; what they say is applied through the event handlers, and what
 * differed from our records is reported.
 */
export class SubscriptionReconciliation {
  constructor(
    private readonly store: DataStore,
    private readonly providers: ProviderLookup,
    private readonly settlement: SettlementService,
    private readonly logger: Logger,
  ) {}

  async run(now: Date = new Date()): Promise<ReconciliationReport> {
    const report = emptyReport();
    const { subscriptions } = this.store.repos;
    const staleBefore = new Date(now.getTime() - STALE_CHECKOUT_MS);
    for (const subscription of await subscriptions.nearPeriodBoundary(now, staleBefore, BATCH)) {
      const providerSubscriptionId = subscription.providerSubscriptionId;
      if (!providerSubscriptionId || !this.providers.has(subscription.provider)) continue;
      const subject = {
        subject: 'subscription' as const,
        subjectId: subscription.id,
        paymentId: null,
        provider: subscription.provider,
        before: subscription.status,
      };
      await runCheck(
        report,
        subject,
        async () => {
          const before = (await subscriptions.findById(subscription.id))?.status ?? subscription.status;
          const events = pinned(
            subscription.id,
            await this.providers
              .get(subscription.provider)
              .subscriptions.getSubscription({ subscriptionId: subscription.id, providerSubscriptionId }),
          );
          const outcomes = await this.settlement.apply(events, 'reconciliation');
          const after = await subscriptions.findById(subscription.id);
          return [
            {
              ...subject,
              before,
              after: after?.status ?? null,
              providerState: claimedState('subscription', events),
              outcomes: events.map((event, i) => ({ kind: event.kind, outcome: outcomes[i] ?? 'noop' })),
            },
          ];
        },
        this.logger,
      );
    }
    if (report.checked) {
      const { checked, updated, errors } = report;
      this.logger.info(
        { checked, updated, errors, drifted: report.findings.length },
        'subscription reconciliation run',
      );
    }
    return report;
  }
}
