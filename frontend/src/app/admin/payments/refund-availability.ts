/**
 * Whether an admin can refund a payment now, and if not, why, in words. The API decides (it
 * answers 409 when it refuses); this only explains the 0 refundable amount it sent.
 */
import { AdminPaymentDetail } from '../admin-models';

type DetailPayment = AdminPaymentDetail['payment'];

/** Chargebacks that hold the money: no refund until they close (inquiries do not block one). */
const OPEN_CHARGEBACK = new Set(['needs_response', 'under_review']);

/** Null when something is left to refund; else the reason the Refund button is disabled. */
export function refundBlockedReason(payment: DetailPayment): string | null {
  if (payment.refundableAmount.amount > 0) return null;
  if (payment.status === 'requires_review') {
    return 'This payment is in review: accept or refund it from the review queue.';
  }
  if (payment.status !== 'completed') return 'Only a completed payment can be refunded.';
  if (payment.disputes.some((d) => OPEN_CHARGEBACK.has(d.status))) {
    return 'This payment is under a chargeback: no refund is possible until the dispute closes.';
  }
  if (payment.refunds.some((r) => r.status === 'pending' || r.status === 'requires_action')) {
    return 'What is left is already in a refund on its way.';
  }
  return 'Nothing is left to refund.';
}

/** A refund the provider has not settled yet: the page keeps reading the payment until it does. */
export function hasPendingRefund(detail: AdminPaymentDetail): boolean {
  return detail.payment.refunds.some((r) => r.status === 'pending');
}
