import type { Money } from '../../domain/money';
import type { ProviderName } from '../../domain/payments/payment-status';
import type { SubscriptionState } from '../../domain/events/domain-event';
import {
  decideSubscriptionAccess,
  graceEndsAt,
  type SubscriptionAccessRules,
} from '../../domain/subscriptions/subscription-access';
import type { SubscriptionRecord } from '../../repositories/subscription.repository';
import type { PaymentView } from '../payments/payment-views';

/**
 * What the API shows of a subscription (GET /api/subscriptions[/:id]). Never provider payloads.
 *
 * `access` is what the student can do now, decided from the status and the clock:
 * - `full`: active or trialing, or past_due within SUBSCRIPTION_GRACE_DAYS (`graceEndsAt` set),
 *   or canceled on PayPal before the end of the period already paid (`accessEndsAt` set);
 * - `none`: anything else; enrollments made through the plan are suspended (they return if the
 *   subscription recovers) or revoked (it ended).
 */
export interface SubscriptionView {
  id: string;
  userId: string;
  provider: ProviderName;
  status: SubscriptionState;
  plan: { id: string; slug: string; name: string; interval: 'month' | 'year' };
  /** Charged each interval. */
  price: Money;
  currentPeriodStart: string | null;
  currentPeriodEnd: string | null;
  /** Ends at `currentPeriodEnd` instead of renewing (Stripe), or canceled at PayPal with access to the period end. */
  cancelAtPeriodEnd: boolean;
  canceledAt: string | null;
  trialEnd: string | null;
  /** The next charge, when one is scheduled: active or trialing, not canceling. */
  nextRenewal: { at: string; amount: Money } | null;
  access: 'full' | 'none';
  /** past_due only: when access stops unless the payment goes through. */
  graceEndsAt: string | null;
  /** When access ends for a subscription that will not renew (cancel at period end, PayPal cancel). */
  accessEndsAt: string | null;
  /**
   * Set while the last renewal failed (past_due or suspended): why, and where the student can
   * pay or confirm (Stripe's hosted invoice page, e.g. for 3-D Secure), if the provider gave one.
   */
  paymentProblem: { code: string; reason: string; actionUrl: string | null; nextAttemptAt: string | null } | null;
  /** What the student can ask for now. */
  actions: { cancel: boolean; resume: boolean };
  createdAt: string;
  /** The paid cycles, newest first (GET /api/subscriptions/:id only; [] in the list). */
  payments: PaymentView[];
}

/** 201 of POST /api/subscriptions/checkout/:planId. */
export interface SubscriptionCheckoutResult {
  subscriptionId: string;
  provider: ProviderName;
  /** Stripe Checkout Session id (`cs_…`) or PayPal subscription id (`I-…`). */
  providerSessionId: string;
  checkoutUrl: string;
}

/** Statuses in which the student can still cancel. */
const CANCELABLE: readonly SubscriptionState[] = ['trialing', 'active', 'past_due', 'suspended'];

export interface ViewContext {
  rules: SubscriptionAccessRules;
  /** Whether this subscription's provider runs a cancel to the period end (and can resume). */
  runsToPeriodEnd: boolean;
  now: Date;
}

export function toSubscriptionView(
  record: SubscriptionRecord,
  payments: PaymentView[],
  { rules, runsToPeriodEnd, now }: ViewContext,
): SubscriptionView {
  const access = decideSubscriptionAccess(record, rules, now);
  const endsWithPaidPeriod =
    record.status === 'canceled' && record.cancelRequested !== 'now' && access.access === 'full';
  const cancelAtPeriodEnd = (record.cancelAtPeriodEnd && record.status !== 'canceled') || endsWithPaidPeriod;
  const renews = (record.status === 'active' || record.status === 'trialing') && !cancelAtPeriodEnd;
  const accessEndsAt = endsWithPaidPeriod ? record.accessEndsAt : cancelAtPeriodEnd ? record.currentPeriodEnd : null;
  const struggling = record.status === 'past_due' || record.status === 'suspended';
  const problem = struggling ? record.paymentProblem : null;
  return {
    id: record.id,
    userId: record.userId,
    provider: record.provider,
    status: record.status,
    plan: { id: record.planId, ...record.plan },
    price: record.price,
    currentPeriodStart: iso(record.currentPeriodStart),
    currentPeriodEnd: iso(record.currentPeriodEnd),
    cancelAtPeriodEnd,
    canceledAt: iso(record.canceledAt),
    trialEnd: iso(record.trialEnd),
    nextRenewal:
      renews && record.currentPeriodEnd ? { at: record.currentPeriodEnd.toISOString(), amount: record.price } : null,
    access: access.access,
    graceEndsAt: record.status === 'past_due' ? graceEndsAt(record.pastDueSince ?? now, rules).toISOString() : null,
    accessEndsAt: iso(accessEndsAt),
    paymentProblem: problem && {
      code: problem.code,
      reason: problem.reason,
      actionUrl: problem.actionUrl,
      nextAttemptAt: problem.nextAttemptAt,
    },
    actions: {
      cancel: CANCELABLE.includes(record.status) && !cancelAtPeriodEnd,
      resume: runsToPeriodEnd && cancelAtPeriodEnd && record.status !== 'canceled',
    },
    createdAt: record.createdAt.toISOString(),
    payments,
  };
}

function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}
