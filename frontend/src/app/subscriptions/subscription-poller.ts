import { InjectionToken } from '@angular/core';
import { Observable } from 'rxjs';
import { PollConfig, PollProgress, pollUntil } from '../core/api/poll';
import { Subscription, SubscriptionStatus } from '../core/subscriptions/subscription-models';

/**
 * Every read asks the provider too (`?refresh=true`), so ask every 2 s, for up to a minute: a new
 * subscription is usually active within seconds of the hosted page.
 */
export const SUBSCRIPTION_POLL_CONFIG = new InjectionToken<PollConfig>('SUBSCRIPTION_POLL_CONFIG', {
  factory: () => ({ intervalMs: 2000, timeoutMs: 60_000 }),
});

/** How a new subscription turned out: it started, it started but its payment is in trouble, or it never will. */
export type SubscriptionOutcome = 'started' | 'attention' | 'ended';

const OUTCOMES: Record<SubscriptionStatus, SubscriptionOutcome | null> = {
  // Still waiting for the provider to confirm the checkout.
  incomplete: null,
  active: 'started',
  trialing: 'started',
  past_due: 'attention',
  suspended: 'attention',
  canceled: 'ended',
  expired: 'ended',
};

export function outcomeOf(status: SubscriptionStatus): SubscriptionOutcome | null {
  return OUTCOMES[status];
}

/**
 * Asks for the subscription until it has an outcome, for at most `timeoutMs`: emits it, or `null`
 * when time ran out. `onUpdate` sees every answer (the page shows the progress).
 */
export function pollSubscription(
  fetch: () => Observable<Subscription>,
  config: PollConfig,
  onUpdate: (progress: PollProgress<Subscription>) => void = () => undefined,
): Observable<Subscription | null> {
  return pollUntil(fetch, (subscription) => outcomeOf(subscription.status) !== null, config, onUpdate);
}
