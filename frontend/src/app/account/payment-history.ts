import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { PaymentsApi } from '../core/api/payments-api';
import { toApiError } from '../core/api/api-error';
import { Payment, PaymentStatus } from '../core/api/models';
import { PROVIDER_LABELS, STATUS_LABELS } from '../core/api/payment-labels';
import { MoneyPipe } from '../core/money/money-pipe';
import { ErrorAlert } from '../core/ui/error-alert';
import { Loading } from '../core/ui/loading';

export const HISTORY_PAGE_SIZE = 20;

@Component({
  selector: 'app-payment-history',
  imports: [RouterLink, DatePipe, MatButton, MatFormField, MatLabel, MatInput, MoneyPipe, ErrorAlert, Loading],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './payment-history.html',
  styleUrl: './payment-history.scss',
})
export class PaymentHistory implements OnInit {
  private readonly api = inject(PaymentsApi);

  protected readonly statusLabels = STATUS_LABELS;
  protected readonly providerLabels = PROVIDER_LABELS;
  protected readonly statuses = Object.keys(STATUS_LABELS) as PaymentStatus[];

  protected readonly payments = signal<Payment[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly status = signal<PaymentStatus | null>(null);
  /** 'first' while the first page loads, 'more' while "Load more" runs. */
  protected readonly loading = signal<'first' | 'more' | null>('first');
  protected readonly error = signal<string | null>(null);

  ngOnInit(): void {
    this.loadFirstPage();
  }

  protected onStatusChange(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.status.set(value ? (value as PaymentStatus) : null);
    this.loadFirstPage();
  }

  loadFirstPage(): void {
    this.payments.set([]);
    this.nextCursor.set(null);
    this.fetch(null);
  }

  loadMore(): void {
    const cursor = this.nextCursor();
    if (cursor && !this.loading()) this.fetch(cursor);
  }

  /** After a failed "Load more" retry that page; otherwise start over. */
  protected retry(): void {
    if (this.payments().length && this.nextCursor()) this.loadMore();
    else this.loadFirstPage();
  }

  private fetch(cursor: string | null): void {
    this.loading.set(cursor ? 'more' : 'first');
    this.error.set(null);
    this.api.history({ limit: HISTORY_PAGE_SIZE, cursor, status: this.status() }).subscribe({
      next: (page) => {
        this.payments.update((items) => [...items, ...page.items]);
        this.nextCursor.set(page.nextCursor);
        this.loading.set(null);
      },
      error: (err: unknown) => {
        this.error.set(toApiError(err).message);
        this.loading.set(null);
      },
    });
  }
}
