import type { SubscriptionChanged } from '../events/domain-event';
import { accessEndOnCancel } from './subscription-access';
import type { SubscriptionDecision, SubscriptionState } from './subscription-state-machine';

/** Why the last renewal did not go through, and where the student can act. */
export interface PaymentProblem {
  code: string;
  reason: string;
  actionUrl: string | null;
  nextAttemptAt: string | null;
  /** Provider time of the failure (ISO). */
  at: string;
}

/** What our row holds that a change depends on. */
export interface SubscriptionFactsNow {
  status: SubscriptionState;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  cancelRequested: 'period_end' | 'now' | null;
  canceledAt: Date | null;
  trialEnd: Date | null;
  pastDueSince: Date | null;
  accessEndsAt: Date | null;
}

/** The facts to store; absent fields stay as they are, null clears. */
export interface SubscriptionFacts {
  status: SubscriptionState;
  lastEventAt: Date;
  currentPeriodStart?: Date;
  currentPeriodEnd?: Date;
  cancelAtPeriodEnd?: boolean;
  canceledAt?: Date;
  trialEnd?: Date;
  pastDueSince?: Date | null;
  accessEndsAt?: Date | null;
  paymentProblem?: PaymentProblem | null;
}

/**
 * The facts a current provider snapshot sets (the decision was `apply` or `noop`): its fields,
 * and what the move itself implies: entering past_due starts the grace clock, leaving it for a
 * paid state stops it and clears the payment problem; entering canceled fixes when access ends.
 */
export function planSubscriptionChange(
  current: SubscriptionFactsNow,
  event: Omit<SubscriptionChanged, 'kind' | 'ref' | 'provider'>,
  decision: Extract<SubscriptionDecision, { outcome: 'apply' | 'noop' }>,
  providerRunsToPeriodEnd: boolean,
): SubscriptionFacts {
  const to = event.status;
  const facts: SubscriptionFacts = {
    status: to,
    lastEventAt: event.occurredAt,
    ...(event.currentPeriodStart ? { currentPeriodStart: event.currentPeriodStart } : {}),
    ...(event.currentPeriodEnd ? { currentPeriodEnd: event.currentPeriodEnd } : {}),
    ...(event.cancelAtPeriodEnd !== undefined ? { cancelAtPeriodEnd: event.cancelAtPeriodEnd } : {}),
    ...(event.canceledAt ? { canceledAt: event.canceledAt } : {}),
    ...(event.trialEnd ? { trialEnd: event.trialEnd } : {}),
  };
  if (decision.outcome === 'noop') return facts;
  if (to === 'past_due' && !current.pastDueSince) facts.pastDueSince = event.occurredAt;
  if (to === 'active' || to === 'trialing') {
    facts.pastDueSince = null;
    facts.paymentProblem = null;
  }
  if (to === 'canceled') {
    facts.canceledAt = event.canceledAt ?? current.canceledAt ?? event.occurredAt;
    // When the provider reported the end, not its `canceled_at` (a test clock may run ahead of ours).
    facts.accessEndsAt = accessEndOnCancel({
      providerRunsToPeriodEnd,
      cancelRequested: current.cancelRequested,
      canceledAt: event.occurredAt,
      paidThrough: event.currentPeriodEnd ?? current.currentPeriodEnd,
      from: decision.from,
    });
  }
  return facts;
}

/** Whether storing `facts` would change anything. */
export function changesAnything(current: SubscriptionFactsNow, facts: SubscriptionFacts): boolean {
  const same = (a: Date | null, b: Date | null | undefined) =>
    b === undefined || (a?.getTime() ?? null) === (b?.getTime() ?? null);
  return (
    current.status !== facts.status ||
    !same(current.currentPeriodStart, facts.currentPeriodStart) ||
    !same(current.currentPeriodEnd, facts.currentPeriodEnd) ||
    (facts.cancelAtPeriodEnd !== undefined && facts.cancelAtPeriodEnd !== current.cancelAtPeriodEnd) ||
    !same(current.canceledAt, facts.canceledAt) ||
    !same(current.trialEnd, facts.trialEnd)
  );
}
