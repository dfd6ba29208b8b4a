import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { Observable, of, switchMap } from 'rxjs';
import { LOADING, toLoadState } from '../core/api/load-state';
import { MoneyPipe } from '../core/money/money-pipe';
import { PROVIDER_LABELS } from '../core/payments/payment-labels';
import { INTERVAL_LABELS, SUBSCRIPTION_STATUS_LABELS } from '../core/subscriptions/subscription-labels';
import { Subscription } from '../core/subscriptions/subscription-models';
import { SubscriptionsApi } from '../core/subscriptions/subscriptions-api';
import { ErrorAlert } from '../core/ui/error-alert';
import { Loading } from '../core/ui/loading';
import { PaymentRow } from './payment-row';
import { SubscriptionActions } from './subscription-actions';
import { SubscriptionBanner } from './subscription-banner';

/**
 * The student's current (newest) subscription: plan, status, price, period, next renewal or end,
 * what needs their attention, cancel / resume, and the payments of its cycles.
 */
@Component({
  selector: 'app-subscription-page',
  imports: [
    RouterLink,
    DatePipe,
    MatButton,
    MoneyPipe,
    ErrorAlert,
    Loading,
    PaymentRow,
    SubscriptionActions,
    SubscriptionBanner,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './subscription-page.html',
  styleUrl: './subscription-page.scss',
})
export class SubscriptionPage {
  private readonly api = inject(SubscriptionsApi);

  private readonly reloads = signal(0);
  protected readonly loaded = toSignal(
    toObservable(this.reloads).pipe(switchMap(() => this.newest().pipe(toLoadState()))),
    { initialValue: LOADING },
  );
  /** On show: the newest subscription, replaced by what a cancel or resume answered. */
  protected readonly subscription = linkedSignal<Subscription | null>(() => {
    const state = this.loaded();
    return state.status === 'loaded' ? state.value : null;
  });
  /** When a subscription that will not renew stops giving access. */
  protected readonly endsOn = computed(() => {
    const s = this.subscription();
    return s?.cancelAtPeriodEnd ? (s.accessEndsAt ?? s.currentPeriodEnd) : null;
  });

  protected readonly statusLabels = SUBSCRIPTION_STATUS_LABELS;
  protected readonly intervalLabels = INTERVAL_LABELS;
  protected readonly providerNames = PROVIDER_LABELS;

  protected retry(): void {
    this.reloads.update((n) => n + 1);
  }

  /** After a cancel or resume. Its answer may leave out the cycle payments: keep the ones on show. */
  protected onChanged(updated: Subscription): void {
    const before = this.subscription();
    const payments = updated.payments.length || !before ? updated.payments : before.payments;
    this.subscription.set({ ...updated, payments });
  }

  /** The newest subscription (the list is newest first) read in full, with its payments; null for none. */
  private newest(): Observable<Subscription | null> {
    return this.api.list().pipe(switchMap((items) => (items.length ? this.api.get(items[0].id) : of(null))));
  }
}
