import type { Money } from '../../domain/money';
import type { ProviderName } from '../../domain/payments/payment-status';
import type { Repositories } from '../../repositories/data-store';
import { refundDuplicatePurchase } from '../refunds/duplicate-purchase';

/** The pg-boss job that cancels a duplicate subscription at its provider (after commit). */
export const SUBSCRIPTION_DUPLICATE_JOB = 'subscription-cancel-duplicate';

export interface SubscriptionDuplicateJob {
  subscriptionId: string;
}

/**
 * One plan at a time. Checkout refuses a second plan while one is live, but two checkouts opened
 * side by side (Stripe in one tab, PayPal in another) can both be paid. The plan that went live
 * later is the duplicate: it grants nothing, is canceled at its provider right away (a job, after
 * commit), and each of its payments is refunded in full like a duplicate course purchase.
 * Returns whether `subscriptionId` is a duplicate.
 */
export async function settleIfDuplicate(
  tx: Repositories,
  subscription: { id: string; provider: ProviderName },
  actor: string,
  payment?: { id: string; amount: Money },
): Promise<boolean> {
  const kept = await tx.subscriptions.earlierLive(subscription.id);
  if (!kept) return false;
  if (payment) {
    await refundDuplicatePurchase(
      tx,
      { id: payment.id, expected: payment.amount, confirmed: null, courseId: null },
      subscription.provider,
      actor,
    );
  }
  await tx.audit.append({
    actor,
    action: 'subscription.duplicate',
    entityType: 'subscription',
    entityId: subscription.id,
    data: { keptSubscriptionId: kept, paymentId: payment?.id ?? null },
  });
  const job: SubscriptionDuplicateJob = { subscriptionId: subscription.id };
  await tx.jobs.enqueue(SUBSCRIPTION_DUPLICATE_JOB, job, {
    singletonKey: `subscription-duplicate:${subscription.id}`,
    retryLimit: 10,
  });
  return true;
}
