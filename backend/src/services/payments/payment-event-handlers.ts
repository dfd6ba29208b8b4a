import type {
  PaymentApproved,
  PaymentCanceled,
  PaymentFailed,
  PaymentProcessing,
  PaymentSucceeded,
} from '../../domain/events/domain-event';
import { decideTransition } from '../../domain/payments/payment-state-machine';
import {
  cancelChange,
  changeFacts,
  failureChange,
  filledReferences,
  planTransition,
  successChange,
  type PaymentChange,
  type SettlementPayment,
} from '../../domain/payments/payment-transition';
import type { Logger } from '../../logger';
import type { EventHandler, HandlerContext, HandlerOutcome } from '../webhooks/event-handler-registry';
import { refundDuplicatePurchase } from '../refunds/duplicate-purchase';
import { lockPaymentOf } from './payment-lock';

type PaymentEvent = PaymentSucceeded | PaymentProcessing | PaymentFailed | PaymentCanceled;

export interface PaymentEventHandlers {
  PaymentSucceeded: EventHandler<PaymentSucceeded>;
  PaymentProcessing: EventHandler<PaymentProcessing>;
  PaymentFailed: EventHandler<PaymentFailed>;
  PaymentCanceled: EventHandler<PaymentCanceled>;
  PaymentApproved: EventHandler<PaymentApproved>;
}

/**
 * Settlement of a checkout: each handler locks the payment the event points at, asks the state
 * machine, and stores the transition the domain planned (with the enrollment it grants and its
 * audit entry) inside the caller's transaction.
 */
export function paymentEventHandlers(logger: Logger): PaymentEventHandlers {
  const settle =
    <E extends PaymentEvent>(changeOf: (payment: SettlementPayment, event: E) => PaymentChange): EventHandler<E> =>
    async (event, context) => {
      const payment = await lockPaymentOf(event, context.tx);
      if (!payment) return 'unmatched';
      return applyChange(payment, changeOf(payment, event), event, context, logger);
    };
  return {
    PaymentSucceeded: settle(successChange),
    PaymentProcessing: settle(() => ({ to: 'processing' })),
    PaymentFailed: settle((_, event) => failureChange(event)),
    PaymentCanceled: settle((_, event) => cancelChange(event)),
    // The money moves only once we capture; the caller turns an approval into the capture's events.
    PaymentApproved: async (event, context) => ((await lockPaymentOf(event, context.tx)) ? 'noop' : 'unmatched'),
  };
}

async function applyChange(
  payment: SettlementPayment,
  change: PaymentChange,
  event: PaymentEvent,
  { tx, actor }: HandlerContext,
  logger: Logger,
): Promise<HandlerOutcome> {
  const decision = decideTransition(payment, change.to, event.occurredAt);
  if (decision.outcome === 'illegal') {
    logger.warn(
      { paymentId: payment.id, from: decision.from, to: decision.to, event: event.kind },
      'payment transition refused',
    );
    await tx.audit.append({
      actor,
      action: 'payment.transition_refused',
      entityType: 'payment',
      entityId: payment.id,
      data: { from: decision.from, to: decision.to, event: event.kind, occurredAt: event.occurredAt.toISOString() },
    });
    return 'illegal';
  }
  const buyer = (event.kind === 'PaymentSucceeded' && event.buyer) || null;
  if (decision.outcome !== 'apply') {
    const refs = filledReferences(payment, event.ref);
    if (
      buyer ||
      refs.providerSessionId !== payment.providerSessionId ||
      refs.providerPaymentId !== payment.providerPaymentId
    ) {
      await tx.payments.fillReferences(payment.id, refs, buyer);
    }
    return decision.outcome;
  }
  const transition = planTransition(payment, change, event.ref, event.occurredAt, new Date());
  const { enrolled } = await tx.payments.recordTransition(
    payment.id,
    transition,
    {
      actor,
      data: {
        from: decision.from,
        event: event.kind,
        occurredAt: event.occurredAt.toISOString(),
        ...changeFacts(change),
      },
    },
    buyer,
  );
  if (transition.grantsEnrollment && !enrolled) {
    logger.warn({ paymentId: payment.id, courseId: payment.courseId }, 'course already owned: refunding the duplicate');
    await refundDuplicatePurchase(tx, payment, event.provider, actor);
  }
  return 'applied';
}
