import type { SubscriptionPaymentFailed } from '../../../domain/events/domain-event';
import { emailKeys } from '../../../domain/emails/email-kind';
import { AUTHENTICATION_REQUIRED } from '../../../domain/subscriptions/subscription-change';
import type { Repositories } from '../../../repositories/data-store';
import { enqueueEmail, storedMoney } from './enqueue-email';

/**
 * A failed-renewal email waits this long before it may go: when the bank asks the student to
 * confirm the payment, Stripe sends invoice.payment_failed and invoice.payment_action_required
 * for the same attempt in either order, and the action-required email (its loader makes the
 * failed one obsolete) is the one to get.
 */
export const RENEWAL_FAILED_HOLD_SECONDS = 10;

interface FailedSubscription {
  id: string;
  userId: string;
  lastPaymentAt: Date | null;
  currentPeriodEnd: Date | null;
  createdAt: Date;
}

/**
 * The billing cycle a failure belongs to, so the provider's retries of it meet one email. A
 * Stripe invoice is the cycle (each retry is another attempt on it). PayPal names attempts, not
 * cycles: PAYMENT.SALE.DENIED carries a new sale per attempt, PAYMENT.FAILED none, and the period
 * end moves with PAYMENT.FAILED but not with the sale, so the two events of one attempt could
 * see different ends. There the cycle is the unpaid stretch since the last paid one.
 */
export function failedCycle(event: SubscriptionPaymentFailed, subscription: FailedSubscription): string {
  if (event.provider === 'stripe' && event.providerInvoiceId) return event.providerInvoiceId;
  if (event.provider === 'stripe' && subscription.currentPeriodEnd) {
    return subscription.currentPeriodEnd.toISOString().slice(0, 10);
  }
  return `unpaid-since-${(subscription.lastPaymentAt ?? subscription.createdAt).toISOString()}`;
}

/**
 * A failed cycle the subscription now shows (the failure was not stale): "confirm your payment"
 * when the bank asks the student to (with the provider's page), else "your renewal failed".
 * Once per cycle each.
 */
export function paymentProblemEmail(
  tx: Repositories,
  subscription: FailedSubscription,
  event: SubscriptionPaymentFailed,
): Promise<boolean> {
  const cycle = failedCycle(event, subscription);
  const refs = { userId: subscription.userId, subscriptionId: subscription.id };
  const amount = storedMoney(event.amount);
  if (event.failureCode === AUTHENTICATION_REQUIRED && event.actionUrl) {
    return enqueueEmail(tx, {
      key: emailKeys.actionRequired(subscription.id, cycle),
      kind: 'payment_action_required',
      ...refs,
      data: { actionUrl: event.actionUrl, ...(amount ? { amount } : {}) },
    });
  }
  return enqueueEmail(tx, {
    key: emailKeys.renewalFailed(subscription.id, cycle),
    kind: 'renewal_failed',
    ...refs,
    availableAt: new Date(Date.now() + RENEWAL_FAILED_HOLD_SECONDS * 1000),
    data: {
      failureCode: event.failureCode,
      failureReason: event.failureReason,
      ...(amount ? { amount } : {}),
      ...(event.nextAttemptAt ? { nextAttemptAt: event.nextAttemptAt.toISOString() } : {}),
    },
  });
}
