import type { PaymentRef } from '../../domain/events/domain-event';
import type { PaymentRecord } from '../../repositories/payment.repository';

/** How we name a payment to its provider: our id, its provider ids, and what was paid. */
export function paymentRefOf(payment: PaymentRecord): PaymentRef {
  return {
    paymentId: payment.id,
    providerSessionId: payment.providerSessionId ?? undefined,
    providerPaymentId: payment.providerPaymentId ?? undefined,
    kind: payment.kind,
  };
}
