import type { PaymentEvent } from '../../domain/events/domain-event';
import {
  ABANDONED,
  CRASHED_CHECKOUT_AFTER_SECONDS,
  decideCheckoutFollowUp,
  isUnpaidCheckout,
  type CheckoutFollowUp,
} from '../../domain/payments/checkout-follow-up';
import type { Logger } from '../../logger';
import type { ProviderLookup } from '../../providers/payment-provider';
import type { DataStore } from '../../repositories/data-store';
import type { PaymentRecord } from '../../repositories/payment.repository';
import type { RefundRecord } from '../../repositories/refund.repository';
import type { CheckoutService } from '../checkout/checkout.service';
import type { RefundService } from '../refunds/refund.service';
import { emptyReport, runCheck, type ReconciliationReport } from '../reconciliation/drift-check';
import { claimedState, type CheckAction, type CheckObservation } from '../reconciliation/drift-decision';
import { paymentRefOf } from './payment-ref';
import type { Settled, SettlementService } from './settlement.service';
import { isReversalPlaceholder } from '../disputes/dispute-event-handlers';

export type { ReconciliationReport };

export interface ReconciliationOptions {
  /** Checkouts and refunds older than this without news are asked about; the same checkout at most this often. */
  olderThanMinutes: number;
  /** Completed payments of the last N days are asked for refunds made outside the product (0: never). */
  refundsLookbackDays: number;
}

const BATCH = 200;

export interface RunOptions {
  /** Instead of RECONCILE_AFTER_MINUTES: how old a checkout or refund must be to be asked about. */
  olderThanSeconds?: number;
  /** How long after asking about a payment it may be asked again (default: `olderThanSeconds`). */
  recheckAfterSeconds?: number;
  /** Subjects of each kind asked at most per run. */
  limit?: number;
}

/**
 * Asks the providers about what a lost webhook would leave wrong, and applies what they say
 * through the event handler registry: checkouts still open (pending, processing, and declined
 * ones the student may still pay in the same session), refunds still pending (or never
 * answered, which are sent again with their own key), the refunds of recently completed
 * payments (a dashboard refund whose webhook was lost), and disputes still open. Checkouts and
 * completed payments are taken least recently asked first, so none is starved; a checkout whose
 * provider lifetime passed unpaid is abandoned (and never asked about again), and one whose
 * request died before its provider checkout was stored is resumed with its key. Each check reads
 * our state before and after, so the report says what differed and what applying healed.
 */
export class ReconciliationService {
  constructor(
    private readonly store: DataStore,
    private readonly providers: ProviderLookup,
    private readonly settlement: SettlementService,
    private readonly refunds: RefundService,
    private readonly checkout: CheckoutService,
    private readonly logger: Logger,
    private readonly options: ReconciliationOptions,
  ) {}

  async run(options: RunOptions = {}): Promise<ReconciliationReport> {
    const olderThan = options.olderThanSeconds ?? this.options.olderThanMinutes * 60;
    const recheckAfter = options.recheckAfterSeconds ?? olderThan;
    const limit = options.limit ?? BATCH;
    const report = emptyReport();
    const { payments, refunds, disputes } = this.store.repos;

    const due = await payments.claimDueCheckouts({
      olderThanSeconds: olderThan,
      recheckAfterSeconds: recheckAfter,
      crashedAfterSeconds: CRASHED_CHECKOUT_AFTER_SECONDS,
      limit,
    });
    for (const payment of due) {
      if (!this.providers.has(payment.provider)) continue;
      const followUp = decideCheckoutFollowUp(
        {
          provider: payment.provider,
          status: payment.status,
          createdAt: payment.createdAt,
          hasProviderRef: payment.providerSessionId !== null || payment.providerPaymentId !== null,
        },
        new Date(),
      );
      if (followUp.action === 'none') continue;
      await this.check(report, subjectOfPayment(payment), () => this.followUp(payment, followUp));
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
      for (const payment of await payments.claimCompletedWithin(
        this.options.refundsLookbackDays,
        recheckAfter,
        limit,
      )) {
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

  /** What the decision says to do with one checkout, and what it saw. */
  private async followUp(payment: PaymentRecord, followUp: CheckoutFollowUp): Promise<CheckObservation[]> {
    switch (followUp.action) {
      case 'none':
        return [];
      case 'ask':
        return [await this.ask(payment)];
      case 'last_ask': {
        const asked = await this.ask(payment);
        const current = await this.store.repos.payments.findById(payment.id);
        if (!current || !isUnpaidCheckout(current.status)) return [asked];
        return [await this.abandon(payment, followUp.lapsedAt, asked)];
      }
      case 'abandon':
        return [await this.abandon(payment, followUp.lapsedAt, observationOf(payment))];
      case 'resume':
        return [await this.resume(payment)];
    }
  }

  /** Asks the provider about the checkout and applies its answer. */
  private async ask(payment: PaymentRecord): Promise<CheckObservation> {
    const { payments } = this.store.repos;
    // Read again just before asking: a webhook may have settled it since the list was read.
    const before = (await payments.findById(payment.id))?.status ?? payment.status;
    const settled = await this.apply(
      payment,
      await this.providers.get(payment.provider).checkout.getPaymentState(paymentRefOf(payment)),
    );
    return {
      ...observationOf(payment),
      before,
      after: (await payments.findById(payment.id))?.status ?? null,
      providerState: claimedState('payment', settled.events),
      outcomes: outcomesOf(settled),
    };
  }

  /**
   * Gives up on a checkout that lapsed unpaid: the provider's checkout is closed where the
   * provider can (Stripe expires the session; PayPal cannot void an order, which lapses there on
   * its own), then ours is canceled as abandoned. A checkout the provider says is paid after all
   * is left for its money to be recorded.
   */
  private async abandon(payment: PaymentRecord, lapsedAt: Date, seen: CheckObservation): Promise<CheckObservation> {
    const { payments } = this.store.repos;
    const ref = paymentRefOf(payment);
    let closedAtProvider = false;
    if (payment.providerSessionId) {
      const closed = await this.providers.get(payment.provider).checkout.expireCheckout(ref);
      if (closed === 'already_paid') return seen;
      closedAtProvider = closed === 'expired';
    }
    const settled = await this.apply(payment, [
      { kind: 'PaymentCanceled', provider: payment.provider, occurredAt: new Date(), ref, reason: ABANDONED },
    ]);
    this.logger.info({ paymentId: payment.id, provider: payment.provider, lapsedAt }, 'lapsed checkout abandoned');
    const action: CheckAction = {
      kind: 'abandoned',
      lapsedAt,
      closedAtProvider,
      known: ref.providerSessionId !== undefined,
    };
    return {
      ...seen,
      after: (await payments.findById(payment.id))?.status ?? null,
      outcomes: [...seen.outcomes, ...outcomesOf(settled)],
      action,
    };
  }

  /** Sends a crashed checkout's create call again with its key, and applies what the provider did at once. */
  private async resume(payment: PaymentRecord): Promise<CheckObservation> {
    const session = await this.checkout.resumeCheckout(payment.id);
    // Nothing to resume: the first request finished after all, or a webhook settled it.
    if (!session) return observationOf(payment);
    const settled = session.events?.length ? await this.apply(payment, session.events) : undefined;
    return {
      ...observationOf(payment),
      after: (await this.store.repos.payments.findById(payment.id))?.status ?? null,
      providerState: settled ? claimedState('payment', settled.events) : null,
      outcomes: settled ? outcomesOf(settled) : [],
      action: { kind: 'resumed', providerSessionId: session.providerSessionId },
    };
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

/** A check of a checkout that saw no change (yet). */
function observationOf(payment: PaymentRecord): CheckObservation {
  return { ...subjectOfPayment(payment), after: payment.status, providerState: null, outcomes: [] };
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
