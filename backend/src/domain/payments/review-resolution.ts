import { isOpenChargeback } from '../disputes/dispute-state-machine';
import type { Money } from '../money';
import type { DisputeFact } from '../refunds/refund-balance';
import { paidMoney } from './paid-money';
import { decideTransition } from './payment-state-machine';
import type { PaymentStatus } from './payment-status';
import type { PaymentChange, SettlementPayment } from './payment-transition';

/**
 * How an admin settles a payment in review (the provider confirmed other money than expected):
 * - accept: the sale completes as it is (enrollment, invoice);
 * - refund: the checkout is canceled and everything the provider took is given back.
 */
export const REVIEW_RESOLUTIONS = ['accept', 'refund'] as const;
export type ReviewResolution = (typeof REVIEW_RESOLUTIONS)[number];

/** The failure code of a checkout an admin canceled and refunded after review. */
export const REFUNDED_AFTER_REVIEW = 'refunded_after_review';

/**
 * Whether we hold money of this payment that an admin may refund: a completed sale, or a checkout
 * refunded after review (should that refund fail, the money is still there to give back).
 */
export function holdsRefundableMoney(payment: { status: PaymentStatus; failureCode: string | null }): boolean {
  return (
    payment.status === 'completed' || (payment.status === 'canceled' && payment.failureCode === REFUNDED_AFTER_REVIEW)
  );
}

export type ReviewDecision =
  /** Not (or no longer) in review: nothing to resolve. */
  | { outcome: 'not_in_review'; status: PaymentStatus }
  /** A refund while a chargeback is open: neither provider refunds it (the bank holds the money). */
  | { outcome: 'under_dispute' }
  | { outcome: 'accept'; from: PaymentStatus; change: PaymentChange }
  /** `refund` is null when the provider took nothing (a confirmed amount of zero). */
  | { outcome: 'refund'; from: PaymentStatus; change: PaymentChange; refund: Money | null };

export type ReviewFacts = Pick<SettlementPayment, 'status' | 'lastEventAt' | 'expected' | 'confirmed'>;

/** Decides an admin's resolution of a payment read under its lock; the state machine has the last word. */
export function decideReviewResolution(
  payment: ReviewFacts,
  disputes: readonly DisputeFact[],
  resolution: ReviewResolution,
  note: string,
  now: Date,
): ReviewDecision {
  const change: PaymentChange =
    resolution === 'accept'
      ? { to: 'completed' }
      : { to: 'canceled', failureCode: REFUNDED_AFTER_REVIEW, failureReason: `Refunded after review: ${note}` };
  const decision = decideTransition(payment, change.to, now, 'admin');
  if (decision.outcome !== 'apply') return { outcome: 'not_in_review', status: payment.status };
  if (resolution === 'accept') return { outcome: 'accept', from: decision.from, change };
  if (disputes.some((d) => isOpenChargeback(d.status))) return { outcome: 'under_dispute' };
  const paid = paidMoney(payment.expected, payment.confirmed);
  return { outcome: 'refund', from: decision.from, change, refund: paid.amount > 0 ? paid : null };
}
