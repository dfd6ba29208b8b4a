import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { FIRST_PAGE, errorOf, loadingOf, nextCursorOf, readPages } from '../core/api/page';
import { DownloadDocumentButton } from '../core/invoices/download-document-button';
import { MoneyPipe } from '../core/money/money-pipe';
import { PROVIDER_LABELS, PAYMENT_LABELS, STATUS_LABELS } from '../core/payments/payment-labels';
import { PaymentStatus } from '../core/payments/payment-models';
import { ErrorAlert } from '../core/ui/error-alert';
import { Loading } from '../core/ui/loading';
import { PaymentHistoryApi } from './payment-history-api';

export const HISTORY_PAGE_SIZE = 20;

@Component({
  selector: 'app-payment-history',
  imports: [
    RouterLink,
    DatePipe,
    MatButton,
    MatFormField,
    MatLabel,
    MatInput,
    MoneyPipe,
    DownloadDocumentButton,
    ErrorAlert,
    Loading,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './payment-history.html',
  styleUrl: './payment-history.scss',
})
export class PaymentHistory {
  private readonly api = inject(PaymentHistoryApi);

  protected readonly statusLabels = STATUS_LABELS;
  protected readonly paymentLabels = PAYMENT_LABELS;
  protected readonly providerLabels = PROVIDER_LABELS;
  protected readonly statuses = Object.keys(STATUS_LABELS) as PaymentStatus[];

  protected readonly status = signal<PaymentStatus | null>(null);
  /** The page to read (null: the first); choosing another status starts again from the first. */
  private readonly cursor = linkedSignal<PaymentStatus | null, string | null>({
    source: this.status,
    computation: () => null,
  });
  private readonly reloads = signal(0);
  /** Reads a page whenever the status, the cursor or a retry asks for one, and keeps the rows read so far. */
  private readonly view = toSignal(
    toObservable(computed(() => ({ status: this.status(), cursor: this.cursor(), reload: this.reloads() }))).pipe(
      readPages(({ status, cursor }) => this.api.history({ limit: HISTORY_PAGE_SIZE, cursor, status })),
    ),
    { initialValue: FIRST_PAGE },
  );

  protected readonly payments = computed(() => this.view().rows);
  /** The page "Load more" reads; while a page loads or after it failed, that page itself. */
  protected readonly nextCursor = computed(() => nextCursorOf(this.view()));
  /** 'first' while the first page loads, 'more' while "Load more" runs. */
  protected readonly loading = computed(() => loadingOf(this.view()));
  protected readonly error = computed(() => errorOf(this.view()));

  protected onStatusChange(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.status.set(value ? (value as PaymentStatus) : null);
  }

  protected loadMore(): void {
    const next = this.nextCursor();
    if (!next || this.loading()) return;
    // After a failed "Load more" the cursor already points at that page: read it again.
    if (next === this.cursor()) this.retry();
    else this.cursor.set(next);
  }

  /** Reads the page that failed again (the first one, or the one "Load more" wanted). */
  protected retry(): void {
    this.reloads.update((n) => n + 1);
  }
}
