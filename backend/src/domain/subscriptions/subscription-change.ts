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

/** The failure code of a payment that waits for the student to confirm it (3-D Secure). */
export const AUTHENTICATION_REQUIRED = 'authentication_required';

const second = (time: Date | string) => Math.floor(new Date(time).getTime() / 1000);

/**
 * Whether a failed renewal replaces the payment problem on record: not when a payment or a
 * failure newer than it is already known (provider clocks tick in whole seconds; within one the
 * event processed last wins), except that Stripe sends `invoice.payment_failed` and
 * `invoice.payment_action_required` for the same attempt, and what the student can do about it
 * (confirm the payment) is the problem to show.
 */
export function replacesProblem(
  stored: PaymentProblem | null,
  lastPaymentAt: Date | null,
  incoming: PaymentProblem,
): boolean {
  const at = second(incoming.at);
  if (lastPaymentAt && second(lastPaymentAt) > at) return false;
  if (!stored) return true;
  const storedAt = second(stored.at);
  if (storedAt > at) return false;
  return !(storedAt === at && stored.code === AUTHENTICATION_REQUIRED && incoming.code !== AUTHENTICATION_REQUIRED);
}
