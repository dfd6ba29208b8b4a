import { paidMoney } from '../../domain/payments/paid-money';
import { refundBalance } from '../../domain/refunds/refund-balance';
import { decideRefundRequest } from '../../domain/refunds/refund-request';
import { decideRefundChange } from '../../domain/refunds/refund-state-machine';
import { ConflictError, NotFoundError, UnprocessableError, ValidationError } from '../../errors/app-error';
import { ProviderError } from '../../errors/provider-error';
import type { Logger } from '../../logger';
import type { ProviderLookup } from '../../providers/payment-provider';
import type { DataStore } from '../../repositories/data-store';
import type { PaymentRecord } from '../../repositories/payment.repository';
import type { RefundRecord } from '../../repositories/refund.repository';
import { isUuid } from '../ids';
import type { SettlementService } from '../payments/settlement.service';
import { paymentRefOf } from '../payments/payment-ref';

export interface AdminRefundInput {
  adminUserId: string;
  paymentId: string;
  /** Minor units of the payment's currency; the whole refundable remainder when absent. */
  amount?: number;
  reason?: string;
  /** The request's Idempotency-Key: the same key twice is one refund. */
  requestKey?: string;
}

/** Ways a provider says no for good; anything else (outage, timeout) leaves the refund pending. */
const DEFINITE_REFUSALS: ReadonlySet<ProviderError['kind']> = new Set([
  'declined',
  'rejected',
  'invalid_request',
  'not_found',
  'conflict',
]);

/**
 * Refunds of our own: an admin's, and the automatic refund of a duplicate purchase. The amount
 * is reserved first (a pending row written under the payment's lock, checked against what is
 * left) and committed; only then is the provider called, with a key derived from our ids, so a
 * retry or a crash can never refund twice and ten concurrent requests never exceed the payment.
 */
export class RefundService {
  constructor(
    private readonly store: DataStore,
    private readonly providers: ProviderLookup,
    private readonly settlement: SettlementService,
    private readonly logger: Logger,
  ) {}

  async refundPayment(input: AdminRefundInput): Promise<RefundRecord> {
    const payment = isUuid(input.paymentId) ? await this.store.repos.payments.findById(input.paymentId) : undefined;
    if (!payment) throw new NotFoundError('Payment');
    const reserved = await this.reserve(payment, input);
    if (reserved.replayed) return reserved.refund;
    return this.submit(reserved.refund.id, 'admin', input.adminUserId);
  }

  /** Writes the pending refund under the payment's lock, or finds the one this request key made. */
  private reserve(
    payment: PaymentRecord,
    input: AdminRefundInput,
  ): Promise<{ refund: RefundRecord; replayed: boolean }> {
    return this.store.transaction(async (tx) => {
      const locked = await tx.payments.lockForSettlement(payment.provider, { paymentId: payment.id }, payment.id);
      if (!locked) throw new NotFoundError('Payment');
      if (input.requestKey) {
        const prior = await tx.refunds.findByRequestKey(payment.id, input.requestKey);
        if (prior) {
          if (input.amount !== undefined && input.amount !== prior.amount.amount) {
            throw new ConflictError(
              'idempotency_key_reused',
              'This Idempotency-Key was already used for a refund of another amount; use a new key',
            );
          }
          return { refund: prior, replayed: true };
        }
      }
      const refunds = await tx.refunds.listForPayment(payment.id);
      const disputes = await tx.disputes.listForPayment(payment.id);
      const balance = refundBalance(paidMoney(locked.expected, locked.confirmed), refunds, disputes);
      const decision = decideRefundRequest({
        provider: payment.provider,
        status: locked.status,
        failureCode: locked.failureCode,
        balance,
        disputes,
        requested: input.amount,
      });
      if (decision.outcome === 'not_refundable') {
        throw new ConflictError('payment_not_refundable', NOT_REFUNDABLE[decision.reason], {
          reason: decision.reason,
          refundableAmount: balance.refundable,
        });
      }
      if (decision.outcome === 'off_provider_step') {
        throw new ValidationError(
          `${payment.provider} refunds ${balance.paid.currency} only in multiples of ${decision.step} minor units`,
          [{ path: 'amount', message: `must be a multiple of ${decision.step}` }],
          'amount_not_on_provider_step',
        );
      }
      if (decision.outcome === 'exceeds_refundable') {
        throw new UnprocessableError(
          'amount_exceeds_refundable',
          `At most ${decision.refundable.amount} minor units of ${decision.refundable.currency} can be refunded`,
          { refundableAmount: decision.refundable },
        );
      }
      const n = (await tx.refunds.countRequested(payment.id)) + 1;
      const refund = await tx.refunds.create({
        paymentId: payment.id,
        provider: payment.provider,
        amount: decision.amount,
        status: 'pending',
        origin: 'admin',
        reason: input.reason ?? null,
        idempotencyKey: `refund:${payment.id}:${n}`,
        requestKey: input.requestKey ?? null,
        requestedBy: input.adminUserId,
      });
      await tx.audit.append({
        actor: 'admin',
        actorUserId: input.adminUserId,
        action: 'refund.requested',
        entityType: 'refund',
        entityId: refund.id,
        data: {
          paymentId: payment.id,
          amount: decision.amount.amount,
          currency: decision.amount.currency,
          reason: input.reason ?? null,
        },
      });
      return { refund, replayed: false };
    });
  }

  /**
   * Sends a refund row of ours to its provider and applies the answer. Safe to repeat: the same
   * idempotency key makes the provider answer with the same refund. A definite refusal fails
   * the row (its amount is refundable again); an outage leaves it pending for reconciliation.
   */
  async submit(refundId: string, actor: string, actorUserId: string | null = null): Promise<RefundRecord> {
    const refund = await this.store.repos.refunds.findById(refundId);
    if (!refund) throw new NotFoundError('Refund');
    if (!refund.idempotencyKey || (refund.status !== 'pending' && refund.status !== 'requires_action')) return refund;
    const payment = await this.store.repos.payments.findById(refund.paymentId);
    if (!payment) throw new NotFoundError('Payment');
    const ref = paymentRefOf(payment);
    let outcome: string;
    try {
      const answer = await this.providers.get(payment.provider).refunds.refund({
        refundId: refund.id,
        ref,
        amount: refund.amount,
        reason: refund.reason ?? undefined,
        idempotencyKey: refund.idempotencyKey,
      });
      await this.settlement.apply(
        [{ ...answer, refundId: refund.id, ref: { ...answer.ref, paymentId: payment.id } }],
        actor,
      );
      outcome = answer.status;
    } catch (error) {
      if (!(error instanceof ProviderError) || !DEFINITE_REFUSALS.has(error.kind)) {
        this.logger.warn({ err: error, refundId }, 'refund outcome unknown; reconciliation will ask again');
        outcome = 'unknown';
      } else {
        await this.markRefused(refund, payment, error, actor);
        outcome = 'refused';
      }
    }
    await this.store.repos.audit.append({
      actor,
      actorUserId,
      action: 'refund.submitted',
      entityType: 'refund',
      entityId: refund.id,
      data: { paymentId: payment.id, outcome },
    });
    return (await this.store.repos.refunds.findById(refundId)) ?? refund;
  }

  private async markRefused(
    refund: RefundRecord,
    payment: PaymentRecord,
    error: ProviderError,
    actor: string,
  ): Promise<void> {
    await this.store.transaction(async (tx) => {
      await tx.payments.lockForSettlement(payment.provider, { paymentId: payment.id }, payment.id);
      const current = await tx.refunds.findById(refund.id);
      if (!current) return;
      const now = new Date();
      const decision = decideRefundChange({ status: current.status, updatedAt: null }, 'failed', now);
      if (decision.outcome !== 'apply') return;
      await tx.refunds.recordChange(current.id, {
        status: 'failed',
        providerRefundId: null,
        failureReason: `${error.code}: ${error.message}`,
        providerUpdatedAt: current.providerUpdatedAt ?? now,
      });
      await tx.audit.append({
        actor,
        action: 'refund.failed',
        entityType: 'refund',
        entityId: current.id,
        data: { from: current.status, refused: true, code: error.code, message: error.message },
      });
    });
  }
}

const NOT_REFUNDABLE = {
  not_completed: 'Only a completed payment can be refunded',
  under_dispute: 'This payment is under a chargeback; no refund is possible until the dispute closes',
  partial_during_inquiry: 'PayPal only takes a full refund while an inquiry is open',
  nothing_left: 'This payment has nothing left to refund',
} as const;
