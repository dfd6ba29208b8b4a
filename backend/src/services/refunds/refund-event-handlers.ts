import type { RefundsChanged, RefundUpdated } from '../../domain/events/domain-event';
import { paidMoney } from '../../domain/payments/paid-money';
import { decideRefundChange } from '../../domain/refunds/refund-state-machine';
import type { Logger } from '../../logger';
import type { RefundRecord } from '../../repositories/refund.repository';
import type { Repositories } from '../../repositories/data-store';
import type { PurchaseAccess } from '../entitlements/purchase-access';
import { isUuid } from '../ids';
import { lockPaymentOf } from '../payments/payment-lock';
import type { EventHandler, HandlerOutcome } from '../webhooks/event-handler-registry';

export interface RefundEventHandlers {
  RefundUpdated: EventHandler<RefundUpdated>;
  RefundsChanged: EventHandler<RefundsChanged>;
}

/**
 * One lifecycle for every refund, whoever started it: an event is matched to our row by the
 * provider's refund id, then by our own id echoed back (an admin refund whose answer we have not
 * stored yet); a refund with neither was made outside the product and is recorded with
 * `origin=provider`. Every change goes through the refund state machine, then the access the
 * purchase gave is brought in line.
 */
export function refundEventHandlers(access: PurchaseAccess, logger: Logger): RefundEventHandlers {
  return {
    RefundUpdated: async (event, { tx, actor }) => {
      const payment = await lockPaymentOf(event, tx);
      if (!payment) return 'unmatched';
      const refund = await findRefund(tx, event);
      if (refund && refund.paymentId !== payment.id) {
        logger.warn({ refundId: refund.id, paymentId: payment.id }, 'refund event points at another payment');
        return 'unmatched';
      }
      const paid = paidMoney(payment.expected, payment.confirmed);
      if (event.amount.currency !== paid.currency) {
        logger.warn(
          { paymentId: payment.id, refund: event.providerRefundId },
          'refund in another currency than its payment',
        );
        return 'illegal';
      }
      const refundId = refund?.id ?? (await record(tx, payment.id, event, actor));
      const outcome = refund ? await applyChange(tx, refund, event, actor, logger) : 'applied';
      if (outcome === 'applied') {
        await access.sync(tx, { id: payment.id, paid }, `refund:${refundId}`, actor);
      }
      return outcome;
    },
    // The settlement step replaces these with the refunds it fetched; one reaching here carries nothing to apply.
    RefundsChanged: async () => 'noop',
  };
}

async function findRefund(tx: Repositories, event: RefundUpdated): Promise<RefundRecord | undefined> {
  const byProvider = await tx.refunds.findByProviderRef(event.provider, event.providerRefundId);
  if (byProvider) return byProvider;
  return event.refundId && isUuid(event.refundId) ? tx.refunds.findById(event.refundId) : undefined;
}

async function applyChange(
  tx: Repositories,
  refund: RefundRecord,
  event: RefundUpdated,
  actor: string,
  logger: Logger,
): Promise<HandlerOutcome> {
  const decision = decideRefundChange(
    { status: refund.status, updatedAt: refund.providerUpdatedAt },
    event.status,
    event.occurredAt,
  );
  if (decision.outcome === 'illegal') {
    logger.warn({ refundId: refund.id, from: decision.from, to: decision.to }, 'refund transition refused');
    await tx.audit.append({
      actor,
      action: 'refund.transition_refused',
      entityType: 'refund',
      entityId: refund.id,
      data: { from: decision.from, to: decision.to, occurredAt: event.occurredAt.toISOString() },
    });
    return 'illegal';
  }
  if (decision.outcome !== 'apply') {
    if (!refund.providerRefundId) {
      await tx.refunds.recordChange(refund.id, {
        status: refund.status,
        providerRefundId: event.providerRefundId,
        failureReason: null,
        providerUpdatedAt: refund.providerUpdatedAt ?? event.occurredAt,
      });
    }
    return decision.outcome;
  }
  await tx.refunds.recordChange(refund.id, {
    status: event.status,
    providerRefundId: event.providerRefundId,
    failureReason: event.failureReason ?? null,
    providerUpdatedAt: event.occurredAt,
  });
  await tx.audit.append({
    actor,
    action: `refund.${event.status}`,
    entityType: 'refund',
    entityId: refund.id,
    data: {
      from: decision.from,
      paymentId: refund.paymentId,
      amount: refund.amount.amount,
      currency: refund.amount.currency,
      failureReason: event.failureReason ?? null,
      occurredAt: event.occurredAt.toISOString(),
    },
  });
  return 'applied';
}

/** A refund made outside the product (the provider's dashboard or API): recorded as a fact. */
async function record(tx: Repositories, paymentId: string, event: RefundUpdated, actor: string): Promise<string> {
  const refund = await tx.refunds.create({
    paymentId,
    provider: event.provider,
    providerRefundId: event.providerRefundId,
    amount: event.amount,
    status: event.status,
    origin: 'provider',
    reason: null,
    idempotencyKey: null,
    failureReason: event.failureReason ?? null,
    providerUpdatedAt: event.occurredAt,
  });
  await tx.audit.append({
    actor,
    action: 'refund.recorded',
    entityType: 'refund',
    entityId: refund.id,
    data: {
      origin: 'provider',
      status: event.status,
      paymentId,
      amount: event.amount.amount,
      currency: event.amount.currency,
      providerRefundId: event.providerRefundId,
    },
  });
  return refund.id;
}
