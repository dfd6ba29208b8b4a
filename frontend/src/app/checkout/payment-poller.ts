import { InjectionToken } from '@angular/core';
import { Observable } from 'rxjs';
import { PollConfig, pollUntil } from '../core/api/poll';
import { Payment, PaymentStatus } from '../core/payments/payment-models';

export type { PollConfig } from '../core/api/poll';

export const PAYMENT_POLL_CONFIG = new InjectionToken<PollConfig>('PAYMENT_POLL_CONFIG', {
  factory: () => ({ intervalMs: 1000, timeoutMs: 60_000 }),
});

/** Statuses that still change on their own (the provider or a webhook settles them). */
const IN_FLIGHT: readonly PaymentStatus[] = ['pending', 'processing'];

export function isSettled(status: PaymentStatus): boolean {
  return !IN_FLIGHT.includes(status);
}

/**
 * Asks for the payment every `intervalMs` until it settles, for at most `timeoutMs`.
 * Emits the settled payment, or `null` when time ran out. Transient errors (network,
 * 5xx) are skipped; fatal ones end the stream with an error. `onUpdate` sees every answer.
 */
export function pollPayment(
  fetch: () => Observable<Payment>,
  config: PollConfig,
  onUpdate: (payment: Payment) => void = () => undefined,
): Observable<Payment | null> {
  return pollUntil(
    fetch,
    (payment) => isSettled(payment.status),
    config,
    ({ value }) => onUpdate(value),
  );
}
