import { HttpErrorResponse } from '@angular/common/http';
import { InjectionToken } from '@angular/core';
import { EMPTY, Observable, catchError, exhaustMap, first, take, tap, throwError, timer } from 'rxjs';
import { Payment, PaymentStatus } from '../core/payments/payment-models';

export interface PollConfig {
  intervalMs: number;
  timeoutMs: number;
}

export const PAYMENT_POLL_CONFIG = new InjectionToken<PollConfig>('PAYMENT_POLL_CONFIG', {
  factory: () => ({ intervalMs: 1000, timeoutMs: 60_000 }),
});

/** Statuses that still change on their own (the provider or a webhook settles them). */
const IN_FLIGHT: readonly PaymentStatus[] = ['pending', 'processing'];

export function isSettled(status: PaymentStatus): boolean {
  return !IN_FLIGHT.includes(status);
}

/** Errors that polling longer cannot fix: the payment is not ours or does not exist. */
function isFatal(err: unknown): boolean {
  return err instanceof HttpErrorResponse && [400, 401, 403, 404].includes(err.status);
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
  const ticks = Math.floor(config.timeoutMs / config.intervalMs) + 1;
  return timer(0, config.intervalMs).pipe(
    take(ticks),
    exhaustMap(() => fetch().pipe(catchError((err: unknown) => (isFatal(err) ? throwError(() => err) : EMPTY)))),
    tap(onUpdate),
    first((payment) => isSettled(payment.status), null),
  );
}
