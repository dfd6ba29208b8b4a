import { emailKeys } from '../../../domain/emails/email-kind';
import type { SubscriptionFacts } from '../../../domain/subscriptions/subscription-change';
import type { SubscriptionState } from '../../../domain/subscriptions/subscription-state-machine';
import type { Repositories } from '../../../repositories/data-store';
import { enqueueEmail } from './enqueue-email';

interface Subscribed {
  id: string;
  userId: string;
}

/**
 * The email an applied status change causes: "started" when a trial begins (no payment, so no
 * paid cycle will say it), "canceled" when the subscription ends by a cancellation. The move to
 * `active` causes none: Stripe sends it and `invoice.paid` in either order, and the first paid
 * cycle's email must carry its invoice (cyclePaidEmail). A plan that never started (from
 * `incomplete`) and a duplicate plan (refunded and canceled by settleIfDuplicate: the student
 * keeps their other one) get neither, so nothing says the plan they keep started or ended.
 */
export async function statusChangeEmail(
  tx: Repositories,
  subscription: Subscribed,
  from: SubscriptionState,
  facts: SubscriptionFacts,
): Promise<boolean> {
  const startsTrial = from === 'incomplete' && facts.status === 'trialing';
  const cancels = from !== 'incomplete' && facts.status === 'canceled';
  if (!startsTrial && !cancels) return false;
  if (await tx.subscriptions.earlierLive(subscription.id)) return false;
  const refs = { userId: subscription.userId, subscriptionId: subscription.id };
  if (startsTrial) {
    return enqueueEmail(tx, {
      key: emailKeys.subscriptionStarted(subscription.id),
      kind: 'subscription_started',
      ...refs,
    });
  }
  const canceledAt = facts.canceledAt ?? facts.lastEventAt;
  // Access that ends at once ends when the event was seen (a provider's canceled_at is in whole seconds).
  const endsLater = (end: Date) => end > canceledAt && end > facts.lastEventAt;
  const accessEndsAt = facts.accessEndsAt && endsLater(facts.accessEndsAt) ? facts.accessEndsAt : undefined;
  return enqueueEmail(tx, {
    key: emailKeys.subscriptionCanceled(subscription.id),
    kind: 'subscription_canceled',
    ...refs,
    data: {
      canceledAt: canceledAt.toISOString(),
      ...(accessEndsAt ? { accessEndsAt: accessEndsAt.toISOString() } : {}),
    },
  });
}

/**
 * A cycle was paid (recorded for the first time): the subscription's first email, with this
 * payment's invoice, when nothing started it before; otherwise (a trial started it, or an earlier
 * cycle) a renewal. Returns which one it wrote.
 */
export async function cyclePaidEmail(
  tx: Repositories,
  subscription: Subscribed,
  paymentId: string,
): Promise<'started' | 'renewed' | 'none'> {
  const refs = { userId: subscription.userId, subscriptionId: subscription.id, paymentId };
  const key = emailKeys.subscriptionStarted(subscription.id);
  if (await enqueueEmail(tx, { key, kind: 'subscription_started', ...refs })) return 'started';
  const renewed = await enqueueEmail(tx, {
    key: emailKeys.subscriptionRenewed(paymentId),
    kind: 'subscription_renewed',
    ...refs,
  });
  return renewed ? 'renewed' : 'none';
}
