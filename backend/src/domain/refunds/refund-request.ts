import type { DisputeFact } from './refund-balance';
import type { RefundBalance } from './refund-balance';
import { isOpenChargeback } from '../disputes/dispute-state-machine';
import { money, type Money } from '../money';
import type { PaymentStatus, ProviderName } from '../payments/payment-status';

/**
 * Whether a provider lets a charge under an open chargeback be refunded. Stripe does while the
 * charge still has an unrefunded amount; PayPal refuses refunds of a capture in a chargeback
 * (the dispute is settled in the Resolution Center instead). Inquiries never block a refund:
 * refunding is the usual way to close one.
 */
const REFUNDS_DURING_CHARGEBACK: Readonly<Record<ProviderName, boolean>> = { stripe: true, paypal: false };

export interface RefundRequestFacts {
  provider: ProviderName;
  status: PaymentStatus;
  balance: RefundBalance;
  disputes: readonly DisputeFact[];
  /** Minor units; the whole refundable remainder when absent. */
  requested?: number;
}

export type RefundRequestDecision =
  | { outcome: 'refund'; amount: Money }
  | { outcome: 'not_refundable'; reason: 'not_completed' | 'under_dispute' | 'nothing_left' }
  | { outcome: 'exceeds_refundable'; refundable: Money };

/** Decides an admin's refund request against what was paid and what already happened to it. */
export function decideRefundRequest(facts: RefundRequestFacts): RefundRequestDecision {
  if (facts.status !== 'completed') return { outcome: 'not_refundable', reason: 'not_completed' };
  if (!REFUNDS_DURING_CHARGEBACK[facts.provider] && facts.disputes.some((d) => isOpenChargeback(d.status))) {
    return { outcome: 'not_refundable', reason: 'under_dispute' };
  }
  const { refundable } = facts.balance;
  if (facts.requested === undefined) {
    return refundable.amount > 0
      ? { outcome: 'refund', amount: refundable }
      : { outcome: 'not_refundable', reason: 'nothing_left' };
  }
  if (facts.requested > refundable.amount) return { outcome: 'exceeds_refundable', refundable };
  return { outcome: 'refund', amount: money(facts.requested, refundable.currency) };
}
