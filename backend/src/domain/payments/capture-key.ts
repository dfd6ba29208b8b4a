import type { PaymentStatus } from './payment-status';

/**
 * The idempotency key of capturing a payment's approved order. A retry of the same attempt (its
 * answer lost) reuses the key and gets the same capture; after a declined attempt the buyer may
 * pick another funding source for the same order, and that capture needs a key of its own, since
 * PayPal answers a reused one with the decline again. The decline's time (the payment's last
 * event) tells the attempts apart; PayPal itself never captures an order twice.
 */
export function captureIdempotencyKey(payment: {
  id: string;
  status: PaymentStatus;
  lastEventAt: Date | null;
}): string {
  const base = `capture:${payment.id}`;
  return payment.status === 'failed' && payment.lastEventAt ? `${base}:after:${payment.lastEventAt.getTime()}` : base;
}
