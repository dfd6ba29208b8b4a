import type { DisputeUpdated, PaymentReversed } from '../../domain/events/domain-event';
import { decideDisputeChange, isOpenDispute } from '../../domain/disputes/dispute-state-machine';
import { paidMoney } from '../../domain/payments/paid-money';
import type { Logger } from '../../logger';
import type { Repositories } from '../../repositories/data-store';
import type { DisputeRecord } from '../../repositories/dispute.repository';
import { disputeOpenedEmail } from '../emails/lifecycle/dispute-emails';
import type { PurchaseAccess } from '../entitlements/purchase-access';
import { lockPaymentOf } from '../payments/payment-lock';
import type { EventHandler, HandlerOutcome } from '../webhooks/event-handler-registry';

export interface DisputeEventHandlers {
  DisputeUpdated: EventHandler<DisputeUpdated>;
  PaymentReversed: EventHandler<PaymentReversed>;
}

/** The id we give a reversal seen before (or without) its dispute; the dispute adopts the row later. */
const REVERSAL_PREFIX = 'reversal:';

/** A dispute row we made for a reversal: the provider has no dispute of that id to ask about. */
export function isReversalPlaceholder(providerDisputeId: string): boolean {
  return providerDisputeId.startsWith(REVERSAL_PREFIX);
}

/**
 * A row per provider dispute, moved only along the dispute state machine; after each change the
 * access the purchase gave is brought in line (an open chargeback suspends it, won restores it,
 * lost revokes it). A PayPal reversal (the money taken back) belongs to the payment's dispute
 * when there is one; without one it is recorded as a lost dispute of its own, since the money is
 * gone, and a dispute that arrives later for the same payment takes that row over.
 */
export function disputeEventHandlers(access: PurchaseAccess, logger: Logger): DisputeEventHandlers {
  return {
    DisputeUpdated: async (event, { tx, actor }) => {
      const payment = await lockPaymentOf(event, tx);
      if (!payment) return 'unmatched';
      const paid = paidMoney(payment.expected, payment.confirmed);
      if (event.amount.currency !== paid.currency) {
        logger.warn(
          { paymentId: payment.id, dispute: event.providerDisputeId },
          'dispute in another currency than its payment',
        );
        return 'illegal';
      }
      const existing = await tx.disputes.findByProviderRef(event.provider, event.providerDisputeId);
      const placeholder = existing ? undefined : await reversalPlaceholder(tx, payment.id);
      let disputeId: string;
      let outcome: HandlerOutcome;
      if (existing) {
        disputeId = existing.id;
        outcome = await applyChange(tx, existing, event, actor, logger);
      } else if (placeholder) {
        // Our guess ("lost") gives way to what the provider now says about the dispute.
        disputeId = placeholder.id;
        await tx.disputes.recordChange(placeholder.id, {
          providerDisputeId: event.providerDisputeId,
          amount: event.amount,
          reason: event.reason,
          status: event.status,
          fundsWithdrawn: event.fundsWithdrawn ?? placeholder.fundsWithdrawn,
          providerUpdatedAt: event.occurredAt,
          closed: !isOpenDispute(event.status),
        });
        await audit(tx, actor, placeholder.id, `dispute.${event.status}`, { from: placeholder.status, adopted: true });
        outcome = 'applied';
      } else {
        const created = await tx.disputes.create({
          paymentId: payment.id,
          provider: event.provider,
          providerDisputeId: event.providerDisputeId,
          amount: event.amount,
          reason: event.reason,
          status: event.status,
          fundsWithdrawn: event.fundsWithdrawn ?? false,
          occurredAt: event.occurredAt,
          closed: !isOpenDispute(event.status),
        });
        disputeId = created.id;
        await disputeOpenedEmail(tx, created);
        await audit(tx, actor, created.id, 'dispute.opened', {
          status: event.status,
          paymentId: payment.id,
          amount: event.amount.amount,
          currency: event.amount.currency,
          reason: event.reason,
        });
        outcome = 'applied';
      }
      if (outcome === 'applied') {
        await access.sync(tx, { id: payment.id, paid }, `dispute:${disputeId}`, actor);
      }
      return outcome;
    },

    PaymentReversed: async (event, { tx, actor }) => {
      const payment = await lockPaymentOf(event, tx);
      if (!payment) return 'unmatched';
      const disputes = await tx.disputes.listForPayment(payment.id);
      const current = disputes.find((d) => isOpenDispute(d.status)) ?? disputes[disputes.length - 1];
      if (current?.fundsWithdrawn) return 'noop';
      let disputeId: string;
      if (current) {
        disputeId = current.id;
        await tx.disputes.recordChange(current.id, { ...changeOf(current), fundsWithdrawn: true });
        await audit(tx, actor, current.id, 'dispute.funds_withdrawn', { reversal: event.providerReversalId });
      } else {
        const created = await tx.disputes.create({
          paymentId: payment.id,
          provider: event.provider,
          providerDisputeId: `${REVERSAL_PREFIX}${event.providerReversalId}`,
          amount: event.amount,
          reason: 'reversal',
          status: 'lost',
          fundsWithdrawn: true,
          occurredAt: event.occurredAt,
          closed: true,
        });
        disputeId = created.id;
        await disputeOpenedEmail(tx, created);
        await audit(tx, actor, created.id, 'dispute.reversal_recorded', {
          paymentId: payment.id,
          amount: event.amount.amount,
          currency: event.amount.currency,
        });
      }
      const paid = paidMoney(payment.expected, payment.confirmed);
      await access.sync(tx, { id: payment.id, paid }, `dispute:${disputeId}`, actor);
      return 'applied';
    },
  };
}

async function reversalPlaceholder(tx: Repositories, paymentId: string): Promise<DisputeRecord | undefined> {
  const disputes = await tx.disputes.listForPayment(paymentId);
  return disputes.find((d) => isReversalPlaceholder(d.providerDisputeId));
}

function changeOf(dispute: DisputeRecord) {
  return {
    amount: dispute.amount,
    reason: dispute.reason,
    status: dispute.status,
    fundsWithdrawn: dispute.fundsWithdrawn,
    providerUpdatedAt: dispute.providerUpdatedAt,
    closed: !isOpenDispute(dispute.status),
  };
}

async function applyChange(
  tx: Repositories,
  dispute: DisputeRecord,
  event: DisputeUpdated,
  actor: string,
  logger: Logger,
): Promise<HandlerOutcome> {
  const decision = decideDisputeChange(
    { status: dispute.status, updatedAt: dispute.providerUpdatedAt },
    event.status,
    event.occurredAt,
  );
  if (decision.outcome === 'illegal') {
    logger.warn({ disputeId: dispute.id, from: decision.from, to: decision.to }, 'dispute transition refused');
    await audit(tx, actor, dispute.id, 'dispute.transition_refused', { from: decision.from, to: decision.to });
    return 'illegal';
  }
  if (decision.outcome === 'stale') return 'stale';
  // Same status: only a newer event may change the funds flag or the amount.
  if (decision.outcome === 'noop' && event.occurredAt < dispute.providerUpdatedAt) return 'stale';
  const fundsWithdrawn = event.fundsWithdrawn ?? dispute.fundsWithdrawn;
  if (
    decision.outcome === 'noop' &&
    fundsWithdrawn === dispute.fundsWithdrawn &&
    event.amount.amount === dispute.amount.amount
  ) {
    return 'noop';
  }
  await tx.disputes.recordChange(dispute.id, {
    amount: event.amount,
    reason: event.reason,
    status: event.status,
    fundsWithdrawn,
    providerUpdatedAt: event.occurredAt,
    closed: !isOpenDispute(event.status),
  });
  const action = decision.outcome === 'apply' ? `dispute.${event.status}` : 'dispute.updated';
  await audit(tx, actor, dispute.id, action, { from: dispute.status, fundsWithdrawn });
  return 'applied';
}

function audit(tx: Repositories, actor: string, disputeId: string, action: string, data: Record<string, unknown>) {
  return tx.audit.append({ actor, action, entityType: 'dispute', entityId: disputeId, data });
}
