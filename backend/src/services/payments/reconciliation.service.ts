import type { PaymentEvent } from '../../domain/events/domain-event';
import type { Logger } from '../../logger';
import type { ProviderLookup } from '../../providers/payment-provider';
import type { DataStore } from '../../repositories/data-store';
import type { PaymentRecord } from '../../repositories/payment.repository';
import type { RefundRecord } from '../../repositories/refund.repository';
import type { RefundService } from '../refunds/refund.service';
import { emptyReport, runCheck, type ReconciliationReport } from '../reconciliation/drift-check';
import { claimedState, type CheckObservation } from '../reconciliation/drift-decision';
import { paymentRefOf } from './payment-ref';
import type { Settled, SettlementService } from './settlement.service';
import { isReversalPlaceholder } from '../disputes/dispute-event-handlers';

export type { ReconciliationReport };

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
 * payments (a dashboard refund whose webhook was lost), and disputes still open. Each check reads
 * our state before and after, so the report says what differed and what applying healed.
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
    const report = emptyReport();
    const { payments, refunds, disputes } = this.store.repos;

    for (const payment of await payments.awaitingSettlement(olderThan, limit)) {
      if (!this.providers.has(payment.provider)) continue;
      await this.check(report, subjectOfPayment(payment), async () => {
        // Read again just before asking: a webhook may have settled it since the list was read.
        const before = (await payments.findById(payment.id))?.status ?? payment.status;
        const settled = await this.apply(
          payment,
          await this.providers.get(payment.provider).checkout.getPaymentState(paymentRefOf(payment)),
        );
        const after = await payments.findById(payment.id);
        return [
          {
            ...subjectOfPayment(payment),
            before,
            after: after?.status ?? null,
            providerState: claimedState('payment', settled.events),
            outcomes: outcomesOf(settled),
          },
        ];
      });
    }

    for (const refund of await refunds.unsettled(olderThan, limit)) {
      const payment = await payments.findById(refund.paymentId);
      if (!payment || !this.providers.has(refund.provider)) continue;
      const { providerRefundId } = refund;
      if (providerRefundId) {
        await this.check(report, subjectOfRefund(refund), async () => {
          const before = (await refunds.findById(refund.id))?.status ?? refund.status;
          const settled = await this.apply(payment, [
            await this.providers.get(refund.provider).refunds.getRefund(providerRefundId, paymentRefOf(payment)),
          ]);
          return [
            {
              ...subjectOfRefund(refund),
              before,
              after: (await refunds.findById(refund.id))?.status ?? null,
              providerState: claimedState('refund', settled.events, providerRefundId),
              outcomes: outcomesOf(settled),
            },
          ];
        });
      } else if (refund.idempotencyKey) {
        // Never answered (a timeout, a crash): the same key makes the provider answer with the same refund.
        await this.check(report, subjectOfRefund(refund), async () => {
          const after = await this.refunds.submit(refund.id, 'reconciliation');
          const answered = after.status !== refund.status || after.providerRefundId !== null;
          return [
            {
              ...subjectOfRefund(refund),
              after: after.status,
              providerState: null,
              outcomes: answered ? [{ kind: 'RefundUpdated', outcome: 'applied' }] : [],
            },
          ];
        });
      }
    }

    if (this.options.refundsLookbackDays > 0) {
      for (const payment of await payments.completedWithin(this.options.refundsLookbackDays, limit)) {
        if (!this.providers.has(payment.provider)) continue;
        await this.check(report, subjectOfPayment(payment), () => this.refundsOf(payment));
      }
    }

    for (const dispute of await disputes.open(limit)) {
      const payment = await payments.findById(dispute.paymentId);
      if (!payment || !this.providers.has(dispute.provider) || isReversalPlaceholder(dispute.providerDisputeId)) {
        continue;
      }
      const subject = {
        subject: 'dispute' as const,
        subjectId: dispute.id,
        paymentId: dispute.paymentId,
        provider: dispute.provider,
        before: dispute.status,
      };
      await this.check(report, subject, async () => {
        const before = (await disputes.findByProviderRef(dispute.provider, dispute.providerDisputeId))?.status;
        const settled = await this.apply(payment, [
          await this.providers.get(dispute.provider).disputes.getDispute(dispute.providerDisputeId),
        ]);
        const after = await disputes.findByProviderRef(dispute.provider, dispute.providerDisputeId);
        return [
          {
            ...subject,
            before: before ?? dispute.status,
            after: after?.status ?? null,
            providerState: claimedState('dispute', settled.events),
            outcomes: outcomesOf(settled),
          },
        ];
      });
    }

    if (report.checked) {
      const { checked, updated, errors } = report;
      this.logger.info({ checked, updated, errors, drifted: report.findings.length }, 'reconciliation run');
    }
    return report;
  }

  private check(
    report: ReconciliationReport,
    subject: Parameters<typeof runCheck>[1],
    work: () => Promise<CheckObservation[]>,
  ) {
    return runCheck(report, subject, work, this.logger);
  }

  /** The payment's refunds at the provider (one made in its dashboard, its webhook lost), each compared with ours. */
  private async refundsOf(payment: PaymentRecord): Promise<CheckObservation[]> {
    const { refunds } = this.store.repos;
    const byProviderId = (rows: RefundRecord[]) =>
      new Map(rows.filter((r) => r.providerRefundId).map((r) => [r.providerRefundId as string, r]));
    const before = byProviderId(await refunds.listForPayment(payment.id));
    const settled = await this.apply(
      payment,
      await this.providers.get(payment.provider).refunds.listRefunds(paymentRefOf(payment)),
    );
    const after = byProviderId(await refunds.listForPayment(payment.id));
    const observations: CheckObservation[] = [];
    settled.events.forEach((event, i) => {
      if (event.kind !== 'RefundUpdated') return;
      const was = before.get(event.providerRefundId);
      const now = after.get(event.providerRefundId);
      const id = now?.id ?? was?.id;
      if (!id) return;
      observations.push({
        subject: 'refund',
        subjectId: id,
        paymentId: payment.id,
        provider: payment.provider,
        before: was?.status ?? null,
        after: now?.status ?? null,
        providerState: event.status,
        outcomes: [{ kind: event.kind, outcome: settled.outcomes[i] ?? 'noop' }],
        amount: event.amount,
      });
    });
    return observations;
  }

  /** Applies what the provider says about `payment`, whatever references it echoes back. */
  private apply(payment: PaymentRecord, found: PaymentEvent[]): Promise<Settled> {
    const facts = found.map((event) => ({ ...event, ref: { ...event.ref, paymentId: payment.id } }));
    return this.settlement.settleWithOutcomes(facts, 'reconciliation', { captureApprovals: true });
  }
}

function subjectOfPayment(payment: PaymentRecord) {
  return {
    subject: 'payment' as const,
    subjectId: payment.id,
    paymentId: payment.id,
    provider: payment.provider,
    before: payment.status,
  };
}

function subjectOfRefund(refund: RefundRecord) {
  return {
    subject: 'refund' as const,
    subjectId: refund.id,
    paymentId: refund.paymentId,
    provider: refund.provider,
    before: refund.status,
  };
}

function outcomesOf(settled: Settled): CheckObservation['outcomes'] {
  return settled.events.map((event, i) => ({ kind: event.kind, outcome: settled.outcomes[i] ?? 'noop' }));
}
