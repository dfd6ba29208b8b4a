import { InjectionToken } from '@angular/core';
import { EMPTY, Observable, catchError, exhaustMap, first, map, of, startWith, take, timer } from 'rxjs';
import { ApiError, toApiError } from '../core/api/api-error';
import { PollConfig, pollAttempts } from '../core/api/poll';
import { Downloadable } from '../core/invoices/invoice-models';
import { PaymentDocuments } from './checkout-api';

/** An invoice is issued within seconds of the payment: ask every 2 s for up to 30 s. */
export const INVOICE_POLL_CONFIG = new InjectionToken<PollConfig>('INVOICE_POLL_CONFIG', {
  factory: () => ({ intervalMs: 2000, timeoutMs: 30_000 }),
});

export type InvoiceState =
  | { kind: 'preparing' }
  | { kind: 'ready'; invoice: Downloadable }
  /** Not issued within the polling time: it will still appear on the Invoices page. */
  | { kind: 'delayed' }
  | { kind: 'error'; message: string };

const PREPARING: InvoiceState = { kind: 'preparing' };
const DELAYED: InvoiceState = { kind: 'delayed' };

/** Answers that asking again can change: the invoice is still being issued, or the network or server failed. */
function worthAskingAgain(error: ApiError): boolean {
  return error.code === 'invoice_not_ready' || error.status === 0 || error.status === 429 || error.status >= 500;
}

/**
 * Asks for the payment's invoice every `intervalMs` while it is not ready, for at most
 * `timeoutMs`: emits `preparing` at once, then `ready`, `error` (no such payment, not ours) or
 * `delayed` when time ran out, and completes. Unsubscribing stops the polling.
 */
export function pollInvoice(fetch: () => Observable<PaymentDocuments>, config: PollConfig): Observable<InvoiceState> {
  return timer(0, config.intervalMs).pipe(
    take(pollAttempts(config)),
    exhaustMap(() =>
      fetch().pipe(
        map((documents): InvoiceState => ({ kind: 'ready', invoice: documents.invoice })),
        catchError((err: unknown) => {
          const error = toApiError(err);
          return worthAskingAgain(error) ? EMPTY : of<InvoiceState>({ kind: 'error', message: error.message });
        }),
      ),
    ),
    first(null, DELAYED),
    startWith(PREPARING),
  );
}
