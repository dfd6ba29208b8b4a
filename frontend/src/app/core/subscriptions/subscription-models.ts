/**
 * Subscription types of the public HTTP API (the backend's SubscriptionView), shared by
 * subscriptions/ (plans, the return page), account/ (the subscription page) and catalog/ (the
 * course page's "Included in your plan").
 */
import { Money } from '../money/money-models';
import { Payment, PaymentProvider } from '../payments/payment-models';

export type SubscriptionStatus =
  'incomplete' | 'trialing' | 'active' | 'past_due' | 'suspended' | 'canceled' | 'expired';

export type PlanInterval = 'month' | 'year';

/** Set while the last renewal failed (past_due or suspended). */
export interface PaymentProblem {
  code: string;
  /** Why, in words. */
  reason: string;
  /** Where the student can pay or confirm (e.g. Stripe's hosted invoice page for 3-D Secure). */
  actionUrl: string | null;
  /** When the provider tries the payment again. */
  nextAttemptAt: string | null;
}

export interface Subscription {
  id: string;
  userId: string;
  provider: PaymentProvider;
  status: SubscriptionStatus;
  plan: { id: string; slug: string; name: string; interval: PlanInterval };
  /** Charged each interval. */
  price: Money;
  currentPeriodStart: string | null;
  currentPeriodEnd: string | null;
  /** Ends at the period end instead of renewing (Stripe), or canceled at PayPal with access to the period end. */
  cancelAtPeriodEnd: boolean;
  canceledAt: string | null;
  trialEnd: string | null;
  /** The next charge, when one is scheduled. */
  nextRenewal: { at: string; amount: Money } | null;
  /** What the student can do now: `full` means every course can be enrolled in. */
  access: 'full' | 'none';
  /** past_due only: when access stops unless the payment goes through. */
  graceEndsAt: string | null;
  /** When access ends for a subscription that will not renew. */
  accessEndsAt: string | null;
  paymentProblem: PaymentProblem | null;
  /** What the student can ask for now. */
  actions: { cancel: boolean; resume: boolean };
  createdAt: string;
  /** The paid cycles, newest first (`GET /api/subscriptions/:id` only; empty in the list). */
  payments: Payment[];
}
