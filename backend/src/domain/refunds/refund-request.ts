import type { DisputeFact, RefundBalance } from './refund-balance';
import { isOpenChargeback } from '../disputes/dispute-state-machine';
import { currencyRuleFor, money, type Money } from '../money';
import type { PaymentStatus, ProviderName } from '../payments/payment-status';
import { holdsRefundableMoney } from '../payments/review-resolution';

/**
 * Neither provider refunds a payment under an open chargeback (Stripe answers `charge_disputed`,
 * PayPal refuses refunds of a capture in a chargeback): the bank already holds the money, and
 * the dispute is settled with it. Inquiries never block a refund: refunding is the usual way to
 * close one.
 */
function refundableDuringDispute(disputes: readonly DisputeFact[]): boolean {
  return !disputes.some((d) => isOpenChargeback(d.status));
}

/** PayPal takes only a full refund while an inquiry is open (a partial one is `TRANSACTION_DISPUTED`). */
const PARTIAL_REFUND_DURING_INQUIRY: Readonly<Record<ProviderName, boolean>> = { stripe: true, paypal: false };

export interface RefundRequestFacts {
  provider: ProviderName;
  status: PaymentStatus;
  /** Tells a checkout refunded after review (still refundable) from other canceled ones. */
  failureCode?: string | null;
  balance: RefundBalance;
  disputes: readonly DisputeFact[];
  /** Minor units; the whole refundable remainder when absent. */
  requested?: number;
}

export type RefundRequestDecision =
  | { outcome: 'refund'; amount: Money }
  | { outcome: 'not_refundable'; reason: 'not_completed' | 'under_dispute' | 'partial_during_inquiry' | 'nothing_left' }
  | { outcome: 'exceeds_refundable'; refundable: Money }
  /** The provider moves this currency only in multiples of `step` minor units (Stripe HUF: whole forints). */
  | { outcome: 'off_provider_step'; step: number };

/** Decides an admin's refund request against what was paid and what already happened to it. */
export function decideRefundRequest(facts: RefundRequestFacts): RefundRequestDecision {
  if (!holdsRefundableMoney({ status: facts.status, failureCode: facts.failureCode ?? null })) {
    return { outcome: 'not_refundable', reason: 'not_completed' };
  }
  if (!refundableDuringDispute(facts.disputes)) return { outcome: 'not_refundable', reason: 'under_dispute' };
  const { refundable } = facts.balance;
  if (facts.requested === undefined) {
    return refundable.amount > 0
      ? { outcome: 'refund', amount: refundable }
      : { outcome: 'not_refundable', reason: 'nothing_left' };
  }
  if (facts.requested > refundable.amount) return { outcome: 'exceeds_refundable', refundable };
  const step = currencyRuleFor(facts.provider, refundable.currency)?.step ?? 1;
  if (facts.requested % step !== 0) return { outcome: 'off_provider_step', step };
  const openInquiry = facts.disputes.some((d) => d.status === 'inquiry');
  if (openInquiry && facts.requested < refundable.amount && !PARTIAL_REFUND_DURING_INQUIRY[facts.provider]) {
    return { outcome: 'not_refundable', reason: 'partial_during_inquiry' };
  }
  return { outcome: 'refund', amount: money(facts.requested, refundable.currency) };
}
