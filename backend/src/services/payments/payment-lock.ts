import type { PaymentRef } from '../../domain/events/domain-event';
import type { ProviderName } from '../../domain/payments/payment-status';
import type { Repositories } from '../../repositories/data-store';
import { isUuid } from '../ids';

/**
 * Locks the payment a provider fact points at, until the transaction ends. Every change to a
 * payment and to its refunds, disputes and access happens under this lock, so concurrent
 * events and admin refunds of one payment are applied one at a time.
 */
export function lockPaymentOf(event: { provider: ProviderName; ref: PaymentRef }, tx: Repositories) {
  const paymentId = event.ref.paymentId && isUuid(event.ref.paymentId) ? event.ref.paymentId : null;
  if (!paymentId && !event.ref.providerSessionId && !event.ref.providerPaymentId) return Promise.resolve(undefined);
  return tx.payments.lockForSettlement(event.provider, event.ref, paymentId);
}
