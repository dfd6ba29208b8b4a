import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { pagedList } from '../core/api/paged-list';
import { STATUS_LABELS } from '../core/payments/payment-labels';
import { PaymentStatus } from '../core/payments/payment-models';
import { LoadMore } from '../core/ui/load-more';
import { Loading } from '../core/ui/loading';
import { PaymentHistoryApi } from './payment-history-api';
import { PaymentRow } from './payment-row';

export const HISTORY_PAGE_SIZE = 20;

@Component({
  selector: 'app-payment-history',
  imports: [RouterLink, MatFormField, MatLabel, MatInput, LoadMore, Loading, PaymentRow],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './payment-history.html',
  styleUrl: './payment-history.scss',
})
export class PaymentHistory {
  private readonly api = inject(PaymentHistoryApi);

  protected readonly statusLabels = STATUS_LABELS;
  protected readonly statuses = Object.keys(STATUS_LABELS) as PaymentStatus[];

  protected readonly status = signal<PaymentStatus | null>(null);
  /** Choosing another status starts again from the first page. */
  protected readonly list = pagedList(
    (status, cursor) => this.api.history({ limit: HISTORY_PAGE_SIZE, cursor, status }),
    this.status,
  );
  protected readonly payments = this.list.rows;
  protected readonly loading = this.list.loading;
  protected readonly error = this.list.error;

  protected onStatusChange(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.status.set(value ? (value as PaymentStatus) : null);
  }
}
