import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { Observable, Subject, catchError, map, merge, of, startWith, switchMap } from 'rxjs';
import { ApiError, toApiError } from '../core/api/api-error';
import { MoneyPipe } from '../core/money/money-pipe';
import { STATUS_LABELS } from '../core/payments/payment-labels';
import { Payment } from '../core/payments/payment-models';
import { Loading } from '../core/ui/loading';
import { CheckoutApi } from './checkout-api';
import { CheckoutInvoice } from './checkout-invoice';
import { PAYMENT_POLL_CONFIG, pollPayment } from './payment-poller';

export type ReturnState =
  | {
      kind: 'confirming';
      /** The latest answer while polling (shows e.g. "processing"). */
      payment: Payment | null;
    }
  | { kind: 'completed'; payment: Payment }
  | { kind: 'failed'; payment: Payment | null; reason: string }
  | { kind: 'review'; payment: Payment }
  | { kind: 'timeout' }
  | { kind: 'error'; message: string };

const CONFIRMING: ReturnState = { kind: 'confirming', payment: null };
const NO_PAYMENT_ID: ReturnState = {
  kind: 'error',
  message: 'This page needs a payment reference. Your payments are listed in Payment history.',
};

/**
 * Where Stripe and PayPal send the student back. PayPal's order is captured first when PayPal
 * names it (`token`); a payment with a saved PayPal wallet comes here without one, already
 * charged. Then the payment is polled until it settles (webhooks settle it on the server).
 */
@Component({
  selector: 'app-checkout-return',
  imports: [RouterLink, MatButton, MoneyPipe, Loading, CheckoutInvoice],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './checkout-return.html',
  styleUrl: './checkout-return.scss',
})
export class CheckoutReturn {
  private readonly api = inject(CheckoutApi);
  private readonly pollConfig = inject(PAYMENT_POLL_CONFIG);

  /** Query params set by the backend's return URL. */
  readonly paymentId = input<string>();
  readonly provider = input<string>();
  /** PayPal's order id, when the student approved on PayPal's page (not with a saved wallet). */
  readonly token = input<string>();

  /** "Check again" after a timeout: polls once more, without capturing again. */
  private readonly checkAgainClicks = new Subject<void>();
  /**
   * The page's state as it unfolds: the PayPal capture, then polling until the payment settles;
   * each "Check again" starts a new round of polling at once (no change detection in between).
   */
  protected readonly state = toSignal(
    toObservable(
      computed(() => ({
        paymentId: this.paymentId(),
        orderId: this.provider() === 'paypal' ? this.token() : undefined,
      })),
    ).pipe(
      switchMap(({ paymentId, orderId }) => {
        if (!paymentId) return of(NO_PAYMENT_ID);
        const rounds = merge(of(orderId), this.checkAgainClicks.pipe(map(() => undefined)));
        return rounds.pipe(switchMap((capture) => this.follow(paymentId, capture).pipe(startWith(CONFIRMING))));
      }),
    ),
    { initialValue: CONFIRMING },
  );
  protected readonly retryLink = computed(() => {
    const s = this.state();
    const courseId = s.kind === 'failed' ? s.payment?.course?.id : null;
    return courseId ? ['/courses', courseId] : ['/courses'];
  });
  protected readonly statusLabels = STATUS_LABELS;

  protected checkAgain(): void {
    this.checkAgainClicks.next();
  }

  /** Captures the PayPal order when given one, then follows the payment until it settles. */
  private follow(paymentId: string, orderId: string | undefined): Observable<ReturnState> {
    const declined$: Observable<ApiError | null> = orderId ? this.capture(orderId) : of(null);
    return declined$.pipe(
      switchMap((declined) => (declined ? this.declinedState(paymentId, declined) : this.pollState(paymentId))),
    );
  }

  /** Captures the approved PayPal order. Emits the decline (422) or null to go on polling. */
  private capture(orderId: string): Observable<ApiError | null> {
    return this.api.capturePaypal(orderId).pipe(
      map(() => null),
      catchError((err: unknown) => {
        const apiError = toApiError(err);
        // Other errors (already captured, provider hiccup) are settled by the webhook: keep polling.
        return of(apiError.status === 422 || apiError.code === 'payment_declined' ? apiError : null);
      }),
    );
  }

  private declinedState(paymentId: string, declined: ApiError): Observable<ReturnState> {
    return this.api.get(paymentId).pipe(
      catchError(() => of(null)),
      map((payment) => ({ kind: 'failed', payment, reason: payment?.failureReason || declined.message }) as const),
    );
  }

  /** Emits `confirming` with every answer, then the settled (or timed-out, or error) state. */
  private pollState(paymentId: string): Observable<ReturnState> {
    return new Observable<ReturnState>((subscriber) => {
      // The first look asks the provider too: after a decline and a successful retry in the same
      // checkout, the stored status is still 'failed' until the webhook lands.
      let polls = 0;
      return pollPayment(
        () => this.api.get(paymentId, { refresh: polls++ === 0 }),
        this.pollConfig,
        (payment) => subscriber.next({ kind: 'confirming', payment }),
      )
        .pipe(
          map((payment): ReturnState => (payment ? settledState(payment) : { kind: 'timeout' })),
          catchError((err: unknown) => of<ReturnState>({ kind: 'error', message: toApiError(err).message })),
        )
        .subscribe(subscriber);
    });
  }
}

export function settledState(payment: Payment): ReturnState {
  switch (payment.status) {
    case 'completed':
      return { kind: 'completed', payment };
    case 'failed':
      return { kind: 'failed', payment, reason: payment.failureReason || 'The payment could not be completed.' };
    case 'canceled':
      return { kind: 'failed', payment, reason: payment.failureReason || 'The payment was canceled.' };
    default:
      return { kind: 'review', payment };
  }
}
