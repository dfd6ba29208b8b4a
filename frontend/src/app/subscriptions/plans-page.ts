import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { Observable, catchError, map, of, startWith, switchMap } from 'rxjs';
import { toApiError } from '../core/api/api-error';
import { LOADING, toLoadState } from '../core/api/load-state';
import { AuthStore } from '../core/auth/auth-store';
import { ExternalNavigation } from '../core/browser/external-navigation';
import { newIdempotencyKey } from '../core/browser/idempotency-key';
import { CurrencySelect } from '../core/money/currency-select';
import { CurrencyStore } from '../core/money/currency-store';
import { MoneyPipe } from '../core/money/money-pipe';
import { PROVIDER_LABELS } from '../core/payments/payment-labels';
import { PaymentProvider } from '../core/payments/payment-models';
import { PROVIDER_ORDER, unavailableReasons } from '../core/payments/provider-offer';
import { INTERVAL_LABELS, isLive } from '../core/subscriptions/subscription-labels';
import { Subscription } from '../core/subscriptions/subscription-models';
import { SubscriptionsApi } from '../core/subscriptions/subscriptions-api';
import { ErrorAlert } from '../core/ui/error-alert';
import { Loading } from '../core/ui/loading';
import { Plan } from './plan-models';
import { PlansApi } from './plans-api';

/** Why a subscribe click did not leave for the provider, shown in that plan's card. */
interface CheckoutFailure {
  planId: string;
  message: string;
  /** 409 `subscription_exists`: the student has one already (link to it). */
  exists: boolean;
  /** 409 `subscription_currency_locked`: the currency Stripe bills this student in, when the API names it. */
  lockedCurrency: string | null;
}

/**
 * The plans on offer in the chosen currency, with "Subscribe with Stripe" / "Subscribe with
 * PayPal" for the providers that can take each price. A student with a live subscription sees
 * it instead of the buttons.
 */
@Component({
  selector: 'app-plans-page',
  imports: [RouterLink, MatButton, MoneyPipe, CurrencySelect, ErrorAlert, Loading],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './plans-page.html',
  styleUrl: './plans-page.scss',
})
export class PlansPage {
  private readonly plansApi = inject(PlansApi);
  private readonly subscriptionsApi = inject(SubscriptionsApi);
  private readonly currency = inject(CurrencyStore);
  private readonly external = inject(ExternalNavigation);
  private readonly router = inject(Router);
  protected readonly auth = inject(AuthStore);

  /** `?checkout=canceled` when the student comes back from the provider's page without subscribing. */
  readonly checkout = input<string>();

  private readonly reloads = signal(0);
  /** Priced in the selected currency: choosing another one (or "Try again") loads them again. */
  protected readonly plans = toSignal(
    toObservable(computed(() => ({ currency: this.currency.selected(), reload: this.reloads() }))).pipe(
      switchMap(({ currency }) => this.plansApi.list(currency).pipe(toLoadState())),
    ),
    { initialValue: LOADING },
  );
  /** Each plan with, per provider, why it cannot take the price (null when it can). */
  protected readonly cards = computed(() => {
    const state = this.plans();
    if (state.status !== 'loaded') return [];
    return state.value.map((plan) => ({ plan, unavailable: unavailableReasons(plan.price) }));
  });

  /**
   * The student's live subscription (the newest that started and has not ended): `undefined`
   * while it is being checked, `null` for none and for visitors.
   */
  protected readonly subscription = toSignal(
    toObservable(this.auth.isLoggedIn).pipe(switchMap((loggedIn) => (loggedIn ? this.liveSubscription() : of(null)))),
    { initialValue: undefined },
  );

  /** The plan and provider whose checkout is being created (every button is disabled meanwhile). */
  protected readonly starting = signal<{ planId: string; provider: PaymentProvider } | null>(null);
  /** Cleared when the plans load again (another currency). */
  protected readonly failure = linkedSignal<CheckoutFailure | null>(() => {
    this.plans();
    return null;
  });
  private readonly canceledDismissed = signal(false);
  protected readonly showCanceled = computed(() => this.checkout() === 'canceled' && !this.canceledDismissed());

  protected readonly providerNames = PROVIDER_LABELS;
  protected readonly providerOrder = PROVIDER_ORDER;
  protected readonly intervalLabels = INTERVAL_LABELS;

  constructor() {
    this.currency.load();
  }

  protected retry(): void {
    this.reloads.update((n) => n + 1);
  }

  protected dismissCanceled(): void {
    this.canceledDismissed.set(true);
  }

  /** After a 409 `subscription_currency_locked`: show the prices in the currency Stripe bills in. */
  protected useCurrency(code: string): void {
    this.currency.select(code);
  }

  protected subscribe(plan: Plan, provider: PaymentProvider): void {
    if (this.starting() || !plan.price.providers.includes(provider)) return;
    if (!this.auth.isLoggedIn()) {
      void this.router.navigate(['/login'], { queryParams: { returnUrl: '/plans' } });
      return;
    }
    this.starting.set({ planId: plan.id, provider });
    this.failure.set(null);
    this.plansApi.checkout(plan.id, { provider, currency: plan.price.currency }, newIdempotencyKey()).subscribe({
      // Keep the buttons disabled while the browser leaves for the provider's page.
      next: (session) => this.external.goTo(session.checkoutUrl),
      error: (err: unknown) => {
        const error = toApiError(err);
        const currency = error.code === 'subscription_currency_locked' ? error.facts?.['currency'] : undefined;
        this.starting.set(null);
        this.failure.set({
          planId: plan.id,
          message: error.message,
          exists: error.code === 'subscription_exists',
          lockedCurrency: typeof currency === 'string' && currency !== plan.price.currency ? currency : null,
        });
      },
    });
  }

  private liveSubscription(): Observable<Subscription | null | undefined> {
    return this.subscriptionsApi.list().pipe(
      map((items) => items.find(isLive) ?? null),
      // Not knowing is fine: checkout refuses a second subscription with 409 subscription_exists.
      catchError(() => of(null)),
      startWith(undefined),
    );
  }
}
