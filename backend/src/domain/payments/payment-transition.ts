import type { PaymentCanceled, PaymentFailed, PaymentRef, PaymentSucceeded } from '../events/domain-event';
import { sameMoney, type Money } from '../money';
import type { PaymentStatus } from './payment-status';

/** What settlement needs to know about a payment, read under its row lock. */
export interface SettlementPayment {
  id: string;
  userId: string;
  kind: 'course' | 'subscription';
  courseId: string | null;
  status: PaymentStatus;
  expected: Money;
  /** What the provider confirmed when it differed from `expected` (set when the payment went to review). */
  confirmed: Money | null;
  lastEventAt: Date | null;
  completedAt: Date | null;
  providerSessionId: string | null;
  providerPaymentId: string | null;
  failureCode: string | null;
  failureReason: string | null;
  reviewReason: string | null;
}

/** The status an event asks for, with the facts that go with it. */
export type PaymentChange =
  | { to: 'completed' }
  | { to: 'processing' }
  | { to: 'failed' | 'canceled'; failureCode: string; failureReason: string }
  | { to: 'requires_review'; reviewReason: string; confirmed: Money };

/** Every column a transition writes, decided here so the repository only stores it. */
export interface PaymentTransition {
  status: PaymentStatus;
  lastEventAt: Date;
  completedAt: Date | null;
  failureCode: string | null;
  failureReason: string | null;
  reviewReason: string | null;
  /** What the provider confirmed, set only by the move to requires_review (kept otherwise). */
  confirmedAmount: Money | null;
  providerSessionId: string | null;
  providerPaymentId: string | null;
  /** A completed course purchase grants the course (source=purchase). */
  grantsEnrollment: boolean;
}

/**
 * A success completes the sale only for the amount we expected; anything else waits for an admin.
 * The success an admin already decided on (the same confirmed money, delivered again or replayed)
 * leaves the decision standing: an accepted sale stays completed, a refunded one stays canceled.
 */
export function successChange(payment: SettlementPayment, event: PaymentSucceeded): PaymentChange {
  if (sameMoney(payment.expected, event.amount)) return { to: 'completed' };
  if (payment.confirmed && sameMoney(payment.confirmed, event.amount)) {
    if (payment.status === 'completed') return { to: 'completed' };
    if (payment.status === 'canceled') {
      return { to: 'canceled', failureCode: payment.failureCode ?? '', failureReason: payment.failureReason ?? '' };
    }
  }
  return {
    to: 'requires_review',
    reviewReason: `Provider confirmed ${event.amount.amount} ${event.amount.currency} but ${payment.expected.amount} ${payment.expected.currency} was expected`,
    confirmed: event.amount,
  };
}

export function failureChange(event: PaymentFailed): PaymentChange {
  return { to: 'failed', failureCode: event.failureCode, failureReason: event.failureReason };
}

export function cancelChange(event: PaymentCanceled): PaymentChange {
  return {
    to: 'canceled',
    failureCode: event.reason,
    failureReason: `The checkout was closed (${event.reason})`,
  };
}

/**
 * What applying `change` does to the payment: the newest event time is kept, completion is
 * stamped once and clears an earlier decline, a failure or cancellation records its reason, a
 * review records why, and provider references are filled in but never overwritten.
 */
export function planTransition(
  payment: SettlementPayment,
  change: PaymentChange,
  ref: PaymentRef,
  occurredAt: Date,
  now: Date,
): PaymentTransition {
  const completed = change.to === 'completed';
  const failed = change.to === 'failed' || change.to === 'canceled';
  return {
    status: change.to,
    lastEventAt: payment.lastEventAt && payment.lastEventAt > occurredAt ? payment.lastEventAt : occurredAt,
    completedAt: completed ? (payment.completedAt ?? now) : payment.completedAt,
    failureCode: failed ? change.failureCode : completed ? null : payment.failureCode,
    failureReason: failed ? change.failureReason : completed ? null : payment.failureReason,
    reviewReason: change.to === 'requires_review' ? change.reviewReason : payment.reviewReason,
    confirmedAmount: change.to === 'requires_review' ? change.confirmed : null,
    ...filledReferences(payment, ref),
    grantsEnrollment: completed && payment.kind === 'course' && payment.courseId !== null,
  };
}

/** Provider references learned from an event; an existing reference is never replaced. */
export function filledReferences(
  payment: Pick<SettlementPayment, 'providerSessionId' | 'providerPaymentId'>,
  ref: PaymentRef,
): { providerSessionId: string | null; providerPaymentId: string | null } {
  return {
    providerSessionId: payment.providerSessionId ?? ref.providerSessionId ?? null,
    providerPaymentId: payment.providerPaymentId ?? ref.providerPaymentId ?? null,
  };
}

/** The facts an audit entry keeps about a change. */
export function changeFacts(change: PaymentChange): Record<string, string | number> {
  if (change.to === 'failed' || change.to === 'canceled') {
    return { failureCode: change.failureCode, failureReason: change.failureReason };
  }
  if (change.to === 'requires_review') {
    return {
      reviewReason: change.reviewReason,
      confirmedAmount: change.confirmed.amount,
      confirmedCurrency: change.confirmed.currency,
    };
  }
  return {};
}
