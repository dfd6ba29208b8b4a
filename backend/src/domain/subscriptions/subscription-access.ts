import type { SubscriptionState } from './subscription-state-machine';

export interface SubscriptionAccessRules {
  /** How long a past_due subscription keeps access while the provider retries (SUBSCRIPTION_GRACE_DAYS). */
  graceDays: number;
}

/** What access needs to know about a subscription. */
export interface SubscriptionAccessFacts {
  status: SubscriptionState;
  /** When the subscription became past_due (the first failed renewal of this episode). */
  pastDueSince: Date | null;
  /** For a canceled subscription: when its access ends (now for Stripe, the paid period's end for PayPal). */
  accessEndsAt: Date | null;
}

export type SubscriptionAccess =
  /** The student may enroll and open courses through the plan. */
  | { access: 'full'; enrollments: 'active'; until: Date | null }
  /** Paused: enrollments through the plan are suspended and return if the subscription recovers. */
  | { access: 'none'; enrollments: 'suspended' }
  /** Ended: enrollments through the plan are revoked. */
  | { access: 'none'; enrollments: 'revoked' };

const DAY_MS = 86_400_000;

export function graceEndsAt(pastDueSince: Date, rules: SubscriptionAccessRules): Date {
  return new Date(pastDueSince.getTime() + rules.graceDays * DAY_MS);
}

/**
 * All-access from a subscription's facts and the clock: active and trialing give access;
 * past_due keeps it for the grace period, then suspends; suspended (retries exhausted, paused)
 * suspends; a canceled subscription keeps access until `accessEndsAt`, then revokes; expired
 * revokes. `incomplete` never granted anything, so there is nothing to take back: suspended.
 */
export function decideSubscriptionAccess(
  facts: SubscriptionAccessFacts,
  rules: SubscriptionAccessRules,
  now: Date,
): SubscriptionAccess {
  switch (facts.status) {
    case 'trialing':
    case 'active':
      return { access: 'full', enrollments: 'active', until: null };
    case 'past_due': {
      const ends = graceEndsAt(facts.pastDueSince ?? now, rules);
      return now < ends ? { access: 'full', enrollments: 'active', until: ends } : suspended();
    }
    case 'canceled':
      return facts.accessEndsAt && now < facts.accessEndsAt
        ? { access: 'full', enrollments: 'active', until: facts.accessEndsAt }
        : { access: 'none', enrollments: 'revoked' };
    case 'expired':
      return { access: 'none', enrollments: 'revoked' };
    case 'incomplete':
    case 'suspended':
      return suspended();
  }
}

function suspended(): SubscriptionAccess {
  return { access: 'none', enrollments: 'suspended' };
}

/**
 * When a canceled subscription's access ends. A provider that runs a cancel to the period end
 * itself (Stripe) only reports `canceled` once access should stop. PayPal cancels billing at
 * once, so the student keeps the period already paid for, unless they asked to end it now.
 */
export function accessEndOnCancel(input: {
  providerRunsToPeriodEnd: boolean;
  cancelRequested: 'period_end' | 'now' | null;
  canceledAt: Date;
  /** The end of the period already paid for (PayPal: the next billing time). */
  paidThrough: Date | null;
  /** What the subscription was before: a past_due or suspended period was not paid for. */
  from: SubscriptionState;
}): Date {
  const paid = input.from === 'active' || input.from === 'trialing';
  if (input.providerRunsToPeriodEnd || input.cancelRequested === 'now' || !paid || !input.paidThrough) {
    return input.canceledAt;
  }
  return input.paidThrough > input.canceledAt ? input.paidThrough : input.canceledAt;
}
