import type { SubscriptionState } from '../events/domain-event';

export type { SubscriptionState };

export const SUBSCRIPTION_STATES: readonly SubscriptionState[] = [
  'incomplete',
  'trialing',
  'active',
  'past_due',
  'suspended',
  'canceled',
  'expired',
];

/** Statuses the provider still bills (or retries): the student has one plan at a time. */
export const LIVE_SUBSCRIPTION_STATES: readonly SubscriptionState[] = ['trialing', 'active', 'past_due', 'suspended'];

/**
 * Every status change of a subscription goes through this table, and only provider events move
 * it. `canceled` and `expired` are final: nothing revives them (a new plan is a new subscription).
 *
 *   incomplete -> *            the first payment (or the trial) started it, or it never did
 *   trialing -> active         the trial ended and the first charge went through
 *   active <-> past_due        a renewal failed; a retry (or the student) paid
 *   past_due -> suspended      the retries ran out (Stripe `unpaid`, PayPal SUSPENDED)
 *   suspended -> active        the open invoice was paid / PayPal reactivated
 */
export const SUBSCRIPTION_TRANSITIONS: Readonly<Record<SubscriptionState, readonly SubscriptionState[]>> = {
  incomplete: ['trialing', 'active', 'past_due', 'suspended', 'canceled', 'expired'],
  trialing: ['active', 'past_due', 'suspended', 'canceled', 'expired'],
  active: ['past_due', 'suspended', 'canceled', 'expired'],
  past_due: ['active', 'suspended', 'canceled', 'expired'],
  suspended: ['active', 'past_due', 'canceled', 'expired'],
  canceled: [],
  expired: [],
};

export interface SubscriptionSnapshot {
  status: SubscriptionState;
  /** Provider time of the newest event applied. */
  lastEventAt: Date | null;
}

export type SubscriptionDecision =
  | { outcome: 'apply'; from: SubscriptionState; to: SubscriptionState }
  /** Same status: only the other facts of a newer snapshot are taken. */
  | { outcome: 'noop'; status: SubscriptionState }
  /** Older than what was applied: the newer state stays (Stripe resends, PayPal retries, reordering). */
  | { outcome: 'stale'; status: SubscriptionState }
  /** Not on the table: refused and audited. */
  | { outcome: 'illegal'; from: SubscriptionState; to: SubscriptionState };

/**
 * Provider clocks tick in whole seconds (Stripe's `created`), while the answer to our own call is
 * stamped when it arrives: within one second neither is older, and the table decides.
 */
function isOlder(occurredAt: Date, lastEventAt: Date | null): boolean {
  return lastEventAt !== null && Math.floor(occurredAt.getTime() / 1000) < Math.floor(lastEventAt.getTime() / 1000);
}

/**
 * Monotonic by provider event time: an event older than the newest one applied changes nothing,
 * so `updated` before `created`, duplicates and reordered deliveries all converge. Final states
 * never move, whatever the clock says.
 */
export function decideSubscriptionChange(
  current: SubscriptionSnapshot,
  to: SubscriptionState,
  occurredAt: Date,
): SubscriptionDecision {
  const from = current.status;
  if (isOlder(occurredAt, current.lastEventAt)) return { outcome: 'stale', status: from };
  if (from === to) return { outcome: 'noop', status: from };
  if (!SUBSCRIPTION_TRANSITIONS[from].includes(to)) return { outcome: 'illegal', from, to };
  return { outcome: 'apply', from, to };
}
