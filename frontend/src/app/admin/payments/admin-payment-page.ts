import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  InjectionToken,
  computed,
  inject,
  input,
  linkedSignal,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { Subscription, switchMap } from 'rxjs';
import { toApiError } from '../../core/api/api-error';
import { LOADING, toLoadState } from '../../core/api/load-state';
import { PollConfig, pollUntil } from '../../core/api/poll';
import { MoneyPipe } from '../../core/money/money-pipe';
import { PAYMENT_LABELS, PROVIDER_LABELS } from '../../core/payments/payment-labels';
import { ErrorAlert } from '../../core/ui/error-alert';
import { Loading } from '../../core/ui/loading';
import { AdminPaymentDetail, AdminRefund } from '../admin-models';
import { AdminPaymentsApi } from './admin-payments-api';
import { PaymentSummary } from './payment-summary';
import { PaymentTimeline } from './payment-timeline';
import { hasPendingRefund, refundBlockedReason } from './refund-availability';
import { RefundDialog, RefundDialogData } from './refund-dialog';

/** After a refund, the payment is read again until its pending refunds settle: every 1.5 s, for 15 s. */
export const REFUND_FOLLOW_CONFIG = new InjectionToken<PollConfig>('REFUND_FOLLOW_CONFIG', {
  factory: () => ({ intervalMs: 1500, timeoutMs: 15_000 }),
});

/** How the page is following a change it caused (a refund). */
type Follow = 'reading' | 'waiting' | 'still_pending' | null;

/**
 * One payment for an admin: the summary, the documents, the whole timeline, and the refund.
 * After a refund the page reads the payment again, and keeps reading while the refund is
 * pending at the provider, so the timeline shows how it ends.
 */
@Component({
  selector: 'app-admin-payment-page',
  imports: [RouterLink, MatButton, MoneyPipe, ErrorAlert, Loading, PaymentSummary, PaymentTimeline],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './admin-payment-page.html',
  styleUrl: './admin-payment-page.scss',
})
export class AdminPaymentPage {
  private readonly api = inject(AdminPaymentsApi);
  private readonly dialog = inject(MatDialog);
  private readonly followConfig = inject(REFUND_FOLLOW_CONFIG);
  private readonly destroyRef = inject(DestroyRef);

  /** The route's `:id`, bound by the router. */
  readonly id = input.required<string>();

  private readonly reads = signal(0);
  protected readonly loaded = toSignal(
    toObservable(computed(() => ({ id: this.id(), read: this.reads() }))).pipe(
      switchMap(({ id }) => this.api.payment(id).pipe(toLoadState())),
    ),
    { initialValue: LOADING },
  );
  /** The payment as read, then as read again after a refund (without going back to "Loading"). */
  protected readonly detail = linkedSignal<AdminPaymentDetail | null>(() => {
    const state = this.loaded();
    return state.status === 'loaded' ? state.value : null;
  });
  protected readonly blockedReason = computed(() => {
    const detail = this.detail();
    return detail ? refundBlockedReason(detail.payment) : null;
  });
  protected readonly documents = computed(() => {
    const payment = this.detail()?.payment;
    return payment ? [...(payment.invoice ? [payment.invoice] : []), ...payment.creditNotes] : [];
  });
  protected readonly follow = signal<Follow>(null);
  protected readonly followError = signal<string | null>(null);
  private following: Subscription | null = null;

  protected readonly paymentLabels = PAYMENT_LABELS;
  protected readonly providerLabels = PROVIDER_LABELS;

  protected retry(): void {
    this.reads.update((n) => n + 1);
  }

  protected openRefund(): void {
    const detail = this.detail();
    if (!detail || this.blockedReason()) return;
    const ref = this.dialog.open<RefundDialog, RefundDialogData, AdminRefund | undefined>(RefundDialog, {
      data: { payment: detail.payment },
      width: '34rem',
      maxWidth: 'calc(100vw - 32px)',
      autoFocus: 'first-tabbable',
    });
    ref.componentInstance.changed.subscribe(() => this.readAgain());
  }

  /** Reads the payment now, and again while a refund is pending, for at most the follow time. */
  protected readAgain(): void {
    this.following?.unsubscribe();
    this.follow.set('reading');
    this.followError.set(null);
    this.following = pollUntil(
      () => this.api.payment(this.id()),
      (detail) => !hasPendingRefund(detail),
      this.followConfig,
      ({ value }) => {
        this.detail.set(value);
        if (hasPendingRefund(value)) this.follow.set('waiting');
      },
    )
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (settled) => this.follow.set(settled ? null : 'still_pending'),
        error: (err: unknown) => {
          this.follow.set(null);
          this.followError.set(toApiError(err).message);
        },
      });
  }
}
