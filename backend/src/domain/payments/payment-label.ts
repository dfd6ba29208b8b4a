import { isOpenDispute } from '../disputes/dispute-state-machine';
import type { DisputeFact, RefundBalance } from '../refunds/refund-balance';
import type { PaymentStatus } from './payment-status';

/**
 * What a payment shows as, derived from its checkout status and the facts after the sale, never
 * stored (a second status could disagree with the refunds and disputes it summarizes).
 */
export type PaymentLabel = PaymentStatus | 'partially_refunded' | 'refunded' | 'disputed' | 'dispute_lost';

export function paymentLabel(
  status: PaymentStatus,
  balance: RefundBalance,
  disputes: readonly DisputeFact[],
): PaymentLabel {
  if (status !== 'completed') return status;
  if (disputes.some((d) => d.status === 'lost')) return 'dispute_lost';
  if (disputes.some((d) => isOpenDispute(d.status))) return 'disputed';
  if (balance.refunded.amount >= balance.paid.amount) return 'refunded';
  if (balance.refunded.amount > 0) return 'partially_refunded';
  return 'completed';
}
