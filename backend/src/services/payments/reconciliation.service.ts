import type { Logger } from '../../logger';
import type { ProviderLookup } from '../../providers/payment-provider';
import type { DataStore } from '../../repositories/data-store';
import type { SettlementService } from './settlement.service';

export interface ReconciliationReport {
  checked: number;
  updated: number;
  errors: number;
}

/**
 * Asks the provider about payments that have waited too long for a webhook and applies what it
 * says through the event handler registry, so a lost webhook never loses a sale.
 */
export class ReconciliationService {
  constructor(
    private readonly store: DataStore,
    private readonly providers: ProviderLookup,
    private readonly settlement: SettlementService,
    private readonly logger: Logger,
    private readonly defaultOlderThanMinutes: number,
  ) {}

  async run(options: { olderThanSeconds?: number; limit?: number } = {}): Promise<ReconciliationReport> {
    const olderThan = options.olderThanSeconds ?? this.defaultOlderThanMinutes * 60;
    const payments = await this.store.repos.payments.awaitingSettlement(olderThan, options.limit ?? 200);
    const report: ReconciliationReport = { checked: payments.length, updated: 0, errors: 0 };
    for (const payment of payments) {
      if (!this.providers.has(payment.provider)) continue;
      try {
        const ref = {
          paymentId: payment.id,
          providerSessionId: payment.providerSessionId ?? undefined,
          providerPaymentId: payment.providerPaymentId ?? undefined,
        };
        const found = await this.providers.get(payment.provider).checkout.getPaymentState(ref);
        // What the provider says is about this payment, whatever references it echoes back.
        const facts = found.map((event) => ({ ...event, ref: { ...event.ref, paymentId: payment.id } }));
        const applied = await this.settlement.settle(facts, 'reconciliation', { captureApprovals: true });
        if (applied.length) report.updated += 1;
      } catch (error) {
        report.errors += 1;
        this.logger.warn({ err: error, paymentId: payment.id }, 'reconciliation failed for payment');
      }
    }
    if (report.checked) this.logger.info(report, 'reconciliation run');
    return report;
  }
}
