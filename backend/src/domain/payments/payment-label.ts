import { isOpenDispute } from '../disputes/dispute-state-machine';
import type { DisputeFact, RefundBalance } from '../refunds/refund-balance';
import { PAYMENT_STATUSES, type PaymentStatus } from './payment-status';

/**
 * What a payment shows as, derived from its checkout status and the facts after the sale, never
 * stored (a second status could disagree with the refunds and disputes it summarizes).
 */
export type PaymentLabel = PaymentStatus | 'partially_refunded' | 'refunded' | 'disputed' | 'dispute_lost';

/** Every label a payment can show, for filters on it. */
export const PAYMENT_LABELS = [
  ...PAYMENT_STATUSES,
  'partially_refunded',
  'refunded',
  'disputed',
  'dispute_lost',
] as const satisfies readonly PaymentLabel[];
// A label added to PaymentLabel and not listed above stops the build here.
const LABELS_COMPLETE: Exclude<PaymentLabel, (typeof PAYMENT_LABELS)[number]> extends never ? true : never = true;
void LABELS_COMPLETE;

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
