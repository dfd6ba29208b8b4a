import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, computed, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { Observable, Subscription, catchError, map, of, switchMap } from 'rxjs';
import { PaymentsApi } from '../core/api/payments-api';
import { ApiError, toApiError } from '../core/api/api-error';
import { Payment } from '../core/api/models';
import { STATUS_LABELS } from '../core/api/payment-labels';
import { MoneyPipe } from '../core/money/money-pipe';
import { Loading } from '../core/ui/loading';
import { PAYMENT_POLL_CONFIG, pollPayment } from './payment-poller';

export type ReturnState =
  | { kind: 'confirming' }
  | { kind: 'completed'; payment: Payment }
  | { kind: 'failed'; payment: Payment | null; reason: string }
  | { kind: 'review'; payment: Payment }
  | { kind: 'timeout' }
  | { kind: 'error'; message: string };

/**
 * Where Stripe and PayPal send the student back. PayPal's order is captured first;
 * then the payment is polled until it settles (webhooks settle it on the server).
 */
@Component({
  selector: 'app-checkout-return',
  imports: [RouterLink, MatButton, MoneyPipe, Loading],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './checkout-return.html',
  styleUrl: './checkout-return.scss',
})
export class CheckoutReturn implements OnInit {
  private readonly api = inject(PaymentsApi);
  private readonly pollConfig = inject(PAYMENT_POLL_CONFIG);
  private readonly destroyRef = inject(DestroyRef);

  /** Query params set by the backend's return URL. */
  readonly paymentId = input<string>();
  readonly provider = input<string>();
  /** PayPal's order id. */
  readonly token = input<string>();

  protected readonly state = signal<ReturnState>({ kind: 'confirming' });
  /** The latest answer while polling (shows e.g. "processing"). */
  protected readonly payment = signal<Payment | null>(null);
  protected readonly retryLink = computed(() => {
    const s = this.state();
    const courseId = s.kind === 'failed' ? s.payment?.course?.id : null;
    return courseId ? ['/courses', courseId] : ['/courses'];
  });
  protected readonly statusLabels = STATUS_LABELS;
  private running: Subscription | null = null;

  ngOnInit(): void {
    this.destroyRef.onDestroy(() => this.running?.unsubscribe());
    this.start(true);
  }

  /** "Check again" after a timeout polls once more without capturing again. */
  protected checkAgain(): void {
    this.start(false);
  }

  private start(capture: boolean): void {
    const paymentId = this.paymentId();
    this.running?.unsubscribe();
    if (!paymentId) {
      this.state.set({
        kind: 'error',
        message: 'This page needs a payment reference. Your payments are listed in Payment history.',
      });
      return;
    }
    this.state.set({ kind: 'confirming' });
    const orderId = this.provider() === 'paypal' ? this.token() : undefined;
    const declined$: Observable<ApiError | null> = capture && orderId ? this.capture(orderId) : of(null);

    this.running = declined$
      .pipe(switchMap((declined) => (declined ? this.declinedState(paymentId, declined) : this.pollState(paymentId))))
      .subscribe((state) => this.state.set(state));
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

  private pollState(paymentId: string): Observable<ReturnState> {
    // The first look asks the provider too: after a decline and a successful retry in the same
    // checkout, the stored status is still 'failed' until the webhook lands.
    let polls = 0;
    return pollPayment(
      () => this.api.get(paymentId, { refresh: polls++ === 0 }),
      this.pollConfig,
      (p) => this.payment.set(p),
    ).pipe(
      map((payment): ReturnState => (payment ? settledState(payment) : { kind: 'timeout' })),
      catchError((err: unknown) => of<ReturnState>({ kind: 'error', message: toApiError(err).message })),
    );
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
