import type { PaymentEvent } from '../../domain/events/domain-event';
import type { Logger } from '../../logger';
import type { ProviderLookup } from '../../providers/payment-provider';
import type { DataStore } from '../../repositories/data-store';
import type { PaymentRecord } from '../../repositories/payment.repository';
import type { RefundService } from '../refunds/refund.service';
import { paymentRefOf } from './payment-ref';
import type { SettlementService } from './settlement.service';
import { isReversalPlaceholder } from '../disputes/dispute-event-handlers';

export interface ReconciliationReport {
  checked: number;
  updated: number;
  errors: number;
}

export interface ReconciliationOptions {
  /** Checkouts and refunds older than this without news are asked about. */
  olderThanMinutes: number;
  /** Completed payments of the last N days are asked for refunds made outside the product (0: never). */
  refundsLookbackDays: number;
}

const BATCH = 200;

/**
 * Asks the providers about what a lost webhook would leave wrong, and applies what they say
 * through the event handler registry: checkouts still waiting, refunds still pending (or never
 * answered, which are sent again with their own key), the refunds of recently completed
 * payments (a dashboard refund whose webhook was lost), and disputes still open.
 */
export class ReconciliationService {
  constructor(
    private readonly store: DataStore,
    private readonly providers: ProviderLookup,
    private readonly settlement: SettlementService,
    private readonly refunds: RefundService,
    private readonly logger: Logger,
    private readonly options: ReconciliationOptions,
  ) {}

  async run(options: { olderThanSeconds?: number; limit?: number } = {}): Promise<ReconciliationReport> {
    const olderThan = options.olderThanSeconds ?? this.options.olderThanMinutes * 60;
    const limit = options.limit ?? BATCH;
    const report: ReconciliationReport = { checked: 0, updated: 0, errors: 0 };
    const { payments, refunds, disputes } = this.store.repos;

    for (const payment of await payments.awaitingSettlement(olderThan, limit)) {
      if (!this.providers.has(payment.provider)) continue;
      await this.check(report, { paymentId: payment.id }, async () =>
        this.apply(payment, await this.providers.get(payment.provider).checkout.getPaymentState(paymentRefOf(payment))),
      );
    }

    for (const refund of await refunds.unsettled(olderThan, limit)) {
      const payment = await payments.findById(refund.paymentId);
      if (!payment || !this.providers.has(refund.provider)) continue;
      const { providerRefundId } = refund;
      if (providerRefundId) {
        await this.check(report, { refundId: refund.id }, async () =>
          this.apply(payment, [
            await this.providers.get(refund.provider).refunds.getRefund(providerRefundId, paymentRefOf(payment)),
          ]),
        );
      } else if (refund.idempotencyKey) {
        // Never answered (a timeout, a crash): the same key makes the provider answer with the same refund.
        await this.check(report, { refundId: refund.id }, async () => {
          const after = await this.refunds.submit(refund.id, 'reconciliation');
          return after.status !== refund.status || after.providerRefundId !== null;
        });
      }
    }

    if (this.options.refundsLookbackDays > 0) {
      for (const payment of await payments.completedWithin(this.options.refundsLookbackDays, limit)) {
        if (!this.providers.has(payment.provider)) continue;
        await this.check(report, { paymentId: payment.id }, async () =>
          this.apply(payment, await this.providers.get(payment.provider).refunds.listRefunds(paymentRefOf(payment))),
        );
      }
    }

    for (const dispute of await disputes.open(limit)) {
      const payment = await payments.findById(dispute.paymentId);
      if (!payment || !this.providers.has(dispute.provider) || isReversalPlaceholder(dispute.providerDisputeId)) {
        continue;
      }
      await this.check(report, { disputeId: dispute.id }, async () =>
        this.apply(payment, [
          await this.providers.get(dispute.provider).disputes.getDispute(dispute.providerDisputeId),
        ]),
      );
    }

    if (report.checked) this.logger.info(report, 'reconciliation run');
    return report;
  }

  /** One question to a provider; its failure is counted and logged, never fatal to the run. */
  private async check(report: ReconciliationReport, subject: Record<string, string>, work: () => Promise<boolean>) {
    report.checked += 1;
    try {
      if (await work()) report.updated += 1;
    } catch (error) {
      report.errors += 1;
      this.logger.warn({ err: error, ...subject }, 'reconciliation check failed');
    }
  }

  /** Applies what the provider says about `payment`, whatever references it echoes back. */
  private async apply(payment: PaymentRecord, found: PaymentEvent[]): Promise<boolean> {
    const facts = found.map((event) => ({ ...event, ref: { ...event.ref, paymentId: payment.id } }));
    const applied = await this.settlement.settle(facts, 'reconciliation', { captureApprovals: true });
    return applied.length > 0;
  }
}
