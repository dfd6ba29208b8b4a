import type { Logger } from '../../logger';
import type { ProviderLookup } from '../../providers/payment-provider';
import type { DataStore } from '../../repositories/data-store';
import type { ReconciliationReport } from '../payments/reconciliation.service';
import type { SettlementService } from '../payments/settlement.service';
import { pinned } from './pinned-events';

const BATCH = 100;

/** Checkouts the provider knows that no event completed after this long are asked about. */
const STALE_CHECKOUT_MS = 15 * 60 * 1000;

/**
 * Asks the providers about the subscriptions where a lost webhook would matter most: those at a
 * period boundary (a renewal, a scheduled end), past_due ones (a retry may have paid), and
 * started checkouts with no news; what they say is applied through the event handlers.
 */
export class SubscriptionReconciliation {
  constructor(
    private readonly store: DataStore,
    private readonly providers: ProviderLookup,
    private readonly settlement: SettlementService,
    private readonly logger: Logger,
  ) {}

  async run(now: Date = new Date()): Promise<ReconciliationReport> {
    const report: ReconciliationReport = { checked: 0, updated: 0, errors: 0 };
    const staleBefore = new Date(now.getTime() - STALE_CHECKOUT_MS);
    for (const subscription of await this.store.repos.subscriptions.nearPeriodBoundary(now, staleBefore, BATCH)) {
      const providerSubscriptionId = subscription.providerSubscriptionId;
      if (!providerSubscriptionId || !this.providers.has(subscription.provider)) continue;
      report.checked += 1;
      try {
        const events = await this.providers
          .get(subscription.provider)
          .subscriptions.getSubscription({ subscriptionId: subscription.id, providerSubscriptionId });
        const outcomes = await this.settlement.apply(pinned(subscription.id, events), 'reconciliation');
        if (outcomes.includes('applied')) report.updated += 1;
      } catch (error) {
        report.errors += 1;
        this.logger.warn({ err: error, subscriptionId: subscription.id }, 'subscription reconciliation failed');
      }
    }
    if (report.checked) this.logger.info(report, 'subscription reconciliation run');
    return report;
  }
}
