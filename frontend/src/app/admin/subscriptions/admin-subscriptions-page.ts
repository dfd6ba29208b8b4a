import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { pagedList } from '../../core/api/paged-list';
import { MoneyPipe } from '../../core/money/money-pipe';
import { PROVIDER_LABELS } from '../../core/payments/payment-labels';
import { INTERVAL_LABELS, SUBSCRIPTION_STATUS_LABELS } from '../../core/subscriptions/subscription-labels';
import { SubscriptionStatus } from '../../core/subscriptions/subscription-models';
import { LoadMore } from '../../core/ui/load-more';
import { Loading } from '../../core/ui/loading';
import { AdminSubscriptionsApi } from './admin-subscriptions-api';
import { SUBSCRIPTION_STATUSES, SubscriptionFilters, subscriptionFilters } from './subscription-filters';

const TONES: Record<SubscriptionStatus, 'good' | 'bad' | 'waiting' | 'neutral'> = {
  incomplete: 'waiting',
  trialing: 'good',
  active: 'good',
  past_due: 'bad',
  suspended: 'bad',
  canceled: 'neutral',
  expired: 'neutral',
};

/** Every student's subscriptions, newest first, filtered by status, provider and email (kept in the URL). */
@Component({
  selector: 'app-admin-subscriptions-page',
  imports: [DatePipe, ReactiveFormsModule, MatButton, MatFormField, MatLabel, MatInput, MoneyPipe, LoadMore, Loading],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './admin-subscriptions-page.html',
  styleUrl: './admin-subscriptions-page.scss',
})
export class AdminSubscriptionsPage {
  private readonly api = inject(AdminSubscriptionsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  /** Query params, bound by the router. */
  readonly status = input<string>();
  readonly provider = input<string>();
  readonly q = input<string>();

  protected readonly filters = computed(() =>
    subscriptionFilters({ status: this.status(), provider: this.provider(), q: this.q() }),
  );
  protected readonly list = pagedList((filters, cursor) => this.api.list(filters, cursor), this.filters);
  protected readonly filtered = computed(() => Object.values(this.filters()).some((v) => v !== null));
  /** The search box: what the URL says until the admin types. */
  protected readonly form = inject(NonNullableFormBuilder).group({ q: '' });

  protected readonly statuses = SUBSCRIPTION_STATUSES;
  protected readonly statusLabels = SUBSCRIPTION_STATUS_LABELS;
  protected readonly intervalLabels = INTERVAL_LABELS;
  protected readonly providerLabels = PROVIDER_LABELS;
  protected readonly tones = TONES;

  constructor() {
    // Back/forward or a link changes the URL: the box follows it.
    effect(() => this.form.setValue({ q: this.filters().q ?? '' }));
  }

  protected onFilter(name: 'status' | 'provider', event: Event): void {
    this.apply({ [name]: (event.target as HTMLSelectElement).value || null });
  }

  protected onSearch(): void {
    this.apply({ q: this.form.getRawValue().q.trim() || null });
  }

  protected clearFilters(): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: {} });
  }

  private apply(changes: Partial<SubscriptionFilters>): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { ...this.filters(), ...changes } });
  }
}
