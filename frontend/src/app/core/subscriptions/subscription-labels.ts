import { PlanInterval, Subscription, SubscriptionStatus } from './subscription-models';

export const SUBSCRIPTION_STATUS_LABELS: Record<SubscriptionStatus, string> = {
  incomplete: 'Awaiting payment',
  trialing: 'Free trial',
  active: 'Active',
  past_due: 'Payment overdue',
  suspended: 'Paused',
  canceled: 'Canceled',
  expired: 'Ended',
};

/** "€18.00 / month" */
export const INTERVAL_LABELS: Record<PlanInterval, string> = { month: 'month', year: 'year' };

/** Statuses of a subscription that has started and not ended (the provider may still be collecting). */
const LIVE: readonly SubscriptionStatus[] = ['trialing', 'active', 'past_due', 'suspended'];

/** Whether the student has a subscription that counts as theirs now: it started and has not ended. */
export function isLive(subscription: Subscription): boolean {
  return subscription.access === 'full' || LIVE.includes(subscription.status);
}
