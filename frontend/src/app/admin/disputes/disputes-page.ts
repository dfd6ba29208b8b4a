import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { pagedList } from '../../core/api/paged-list';
import { MoneyPipe } from '../../core/money/money-pipe';
import { PROVIDER_LABELS } from '../../core/payments/payment-labels';
import { LoadMore } from '../../core/ui/load-more';
import { Loading } from '../../core/ui/loading';
import { DisputeFilters, disputeFilters } from './dispute-filters';
import { DISPUTE_STATUSES, DISPUTE_STATUS_LABELS, DISPUTE_STATUS_TONES, reasonText } from './dispute-labels';
import { DisputesApi } from './disputes-api';

/** Every chargeback and inquiry, newest first, filtered by status and provider (kept in the URL). */
@Component({
  selector: 'app-disputes-page',
  imports: [DatePipe, RouterLink, MatFormField, MatLabel, MatInput, MoneyPipe, LoadMore, Loading],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './disputes-page.html',
  styleUrl: './disputes-page.scss',
})
export class DisputesPage {
  private readonly api = inject(DisputesApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  /** Query params, bound by the router. */
  readonly status = input<string>();
  readonly provider = input<string>();

  protected readonly filters = computed(() => disputeFilters({ status: this.status(), provider: this.provider() }));
  protected readonly list = pagedList((filters, cursor) => this.api.list(filters, cursor), this.filters);
  protected readonly filtered = computed(() => Object.values(this.filters()).some((v) => v !== null));

  protected readonly statuses = DISPUTE_STATUSES;
  protected readonly statusLabels = DISPUTE_STATUS_LABELS;
  protected readonly tones = DISPUTE_STATUS_TONES;
  protected readonly providerLabels = PROVIDER_LABELS;
  protected readonly reasonText = reasonText;

  protected onFilter(name: keyof DisputeFilters, event: Event): void {
    const value = (event.target as HTMLSelectElement).value || null;
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { ...this.filters(), [name]: value },
    });
  }

  protected clearFilters(): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: {} });
  }
}
