import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { catchError, map, of, switchMap } from 'rxjs';
import { toApiError } from '../core/api/api-error';
import { LOADING, toLoadState } from '../core/api/load-state';
import { AuthStore } from '../core/auth/auth-store';
import { ExternalNavigation } from '../core/browser/external-navigation';
import { newIdempotencyKey } from '../core/browser/idempotency-key';
import { EnrollmentsApi } from '../core/enrollments/enrollments-api';
import { CurrencySelect } from '../core/money/currency-select';
import { CurrencyStore } from '../core/money/currency-store';
import { MoneyPipe } from '../core/money/money-pipe';
import { Money } from '../core/money/money-models';
import { PaymentMethod } from '../core/payment-methods/payment-method-models';
import { PaymentMethodsApi } from '../core/payment-methods/payment-methods-api';
import { PROVIDER_LABELS } from '../core/payments/payment-labels';
import { PaymentProvider } from '../core/payments/payment-models';
import { PROVIDER_ORDER, unavailableReasons } from '../core/payments/provider-offer';
import { SubscriptionsApi } from '../core/subscriptions/subscriptions-api';
import { ErrorAlert } from '../core/ui/error-alert';
import { Loading } from '../core/ui/loading';
import { CoursePrice, PriceChangedDetails } from './catalog-models';
import { CoursesApi } from './courses-api';
import { PurchaseApi } from './purchase-api';
import { preferredWallet } from './saved-wallet';

/** What a buy button asks for: the provider's checkout, or PayPal with a saved wallet. */
export interface CheckoutChoice {
  provider: PaymentProvider;
  /** A saved PayPal wallet (our id): PayPal charges it without showing its page. */
  paymentMethodId?: string;
}

@Component({
  selector: 'app-course-page',
  imports: [RouterLink, MatButton, MoneyPipe, CurrencySelect, ErrorAlert, Loading],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './course-page.html',
  styleUrl: './course-page.scss',
})
export class CoursePage {
  private readonly coursesApi = inject(CoursesApi);
  private readonly enrollmentsApi = inject(EnrollmentsApi);
  private readonly purchaseApi = inject(PurchaseApi);
  private readonly subscriptionsApi = inject(SubscriptionsApi);
  private readonly paymentMethodsApi = inject(PaymentMethodsApi);
  private readonly currency = inject(CurrencyStore);
  private readonly external = inject(ExternalNavigation);
  private readonly router = inject(Router);
  protected readonly auth = inject(AuthStore);

  /** Route param and query param, bound by the router. */
  readonly id = input.required<string>();
  readonly checkout = input<string>();

  private readonly reloads = signal(0);
  /** The course priced in the selected currency: choosing another one loads it again. */
  protected readonly course = toSignal(
    toObservable(computed(() => ({ id: this.id(), currency: this.currency.selected(), reload: this.reloads() }))).pipe(
      switchMap(({ id, currency }) => this.coursesApi.get(id, currency).pipe(toLoadState())),
    ),
    { initialValue: LOADING },
  );
  /**
   * The price on show: the course's, until a checkout answers 409 `price_changed`; then the new
   * price from that answer, which the student confirms before anything is charged. Loading the
   * course again (another currency, a retry) starts from the course's price.
   */
  protected readonly price = linkedSignal<CoursePrice | null>(() => {
    const state = this.course();
    return state.status === 'loaded' ? state.value.price : null;
  });
  /** Set after a 409 `price_changed`: what the page had shown, so the student sees the change. */
  protected readonly priceChange = linkedSignal<{ choice: CheckoutChoice; shown: Money } | null>(() => {
    this.course();
    return null;
  });
  /** Per provider: null when it can take the shown price, else why not (buttons are disabled with the reason). */
  protected readonly unavailable = computed(() => unavailableReasons(this.price()));

  /** Whether the signed-in student owns the course (visitors never do). */
  private readonly ownsCourse = toSignal(
    toObservable(computed(() => ({ id: this.id(), loggedIn: this.auth.isLoggedIn() }))).pipe(
      switchMap(({ id, loggedIn }) =>
        loggedIn
          ? this.enrollmentsApi.list().pipe(
              map((items) => items.some((e) => e.courseId === id)),
              // Not knowing is fine: the API refuses a second purchase with 409 already_enrolled.
              catchError(() => of(false)),
            )
          : of(false),
      ),
    ),
    { initialValue: false },
  );
  /** What the API said about ownership, or `true` once a checkout answered already_enrolled. */
  protected readonly enrolled = linkedSignal(() => this.ownsCourse());
  /** Whether the student's subscription opens every course now (visitors' never does). */
  private readonly planAccess = toSignal(
    toObservable(this.auth.isLoggedIn).pipe(
      switchMap((loggedIn) =>
        loggedIn
          ? this.subscriptionsApi.list().pipe(
              map((items) => items.some((s) => s.access === 'full')),
              // Not knowing only means the buy buttons show: buying still works.
              catchError(() => of(false)),
            )
          : of(false),
      ),
    ),
    { initialValue: false },
  );
  /** "Included in your plan" with Enroll, instead of the buy buttons; off after a 403 `subscription_required`. */
  protected readonly includedInPlan = linkedSignal(() => this.planAccess());
  protected readonly enrolling = signal(false);
  protected readonly enrollError = signal<string | null>(null);
  /** The student's saved PayPal wallet, offered next to "Pay with PayPal" (visitors have none). */
  protected readonly savedWallet = toSignal(
    toObservable(this.auth.isLoggedIn).pipe(
      switchMap((loggedIn) =>
        loggedIn
          ? this.paymentMethodsApi.list().pipe(
              map((methods): PaymentMethod | null => preferredWallet(methods)),
              // Not knowing only hides the shortcut: "Pay with PayPal" still works.
              catchError(() => of(null)),
            )
          : of(null),
      ),
    ),
    { initialValue: null },
  );
  /** The checkout being created (buttons are disabled meanwhile). */
  protected readonly startingCheckout = signal<CheckoutChoice | null>(null);
  protected readonly checkoutError = signal<string | null>(null);
  protected readonly canceled = computed(() => this.checkout() === 'canceled' && !this.enrolled());
  protected readonly providerNames = PROVIDER_LABELS;
  protected readonly providerOrder = PROVIDER_ORDER;

  constructor() {
    this.currency.load();
  }

  protected retry(): void {
    this.reloads.update((n) => n + 1);
  }

  /** Enrolls through the subscription, then shows the enrolled state. */
  protected enroll(): void {
    if (this.enrolling()) return;
    this.enrolling.set(true);
    this.enrollError.set(null);
    this.enrollmentsApi.enroll(this.id()).subscribe({
      next: () => {
        this.enrolling.set(false);
        this.enrolled.set(true);
      },
      error: (err: unknown) => {
        const apiError = toApiError(err);
        this.enrolling.set(false);
        if (apiError.code === 'subscription_required') {
          // The plan no longer gives access (it ended meanwhile): offer the course for sale, saying why.
          this.includedInPlan.set(false);
          this.checkoutError.set(apiError.message);
          return;
        }
        this.enrollError.set(apiError.message);
      },
    });
  }

  protected buy(provider: PaymentProvider): void {
    this.startCheckout({ provider });
  }

  protected payWithSavedWallet(wallet: PaymentMethod): void {
    this.startCheckout({ provider: 'paypal', paymentMethodId: wallet.id });
  }

  /**
   * Creates the checkout and follows its `checkoutUrl`: the provider's page, or, for a saved
   * PayPal wallet (already charged), our own return page, which then confirms the payment.
   */
  protected startCheckout(choice: CheckoutChoice): void {
    const { provider, paymentMethodId } = choice;
    const state = this.course();
    const price = this.price();
    if (state.status !== 'loaded' || !price || this.startingCheckout() || this.unavailable()[provider]) return;
    const course = state.value;
    if (!this.auth.isLoggedIn()) {
      void this.router.navigate(['/login'], { queryParams: { returnUrl: `/courses/${course.id}` } });
      return;
    }
    this.startingCheckout.set(choice);
    this.checkoutError.set(null);
    this.purchaseApi
      .checkout(
        course.id,
        { provider, currency: price.currency, expectedAmount: price.amount, paymentMethodId },
        newIdempotencyKey(),
      )
      .subscribe({
        // Keep the buttons disabled while the browser leaves for the provider's page.
        next: (session) => this.external.goTo(session.checkoutUrl),
        error: (err: unknown) => {
          const apiError = toApiError(err);
          this.startingCheckout.set(null);
          if (apiError.code === 'already_enrolled') {
            this.enrolled.set(true);
            return;
          }
          const changed =
            apiError.code === 'price_changed' ? (apiError.facts as PriceChangedDetails | undefined) : undefined;
          if (changed?.price) {
            // Show the new price and ask again: nothing was charged, and the next click sends the new amount.
            this.priceChange.set({ choice, shown: { amount: price.amount, currency: price.currency } });
            this.price.set(changed.price);
            return;
          }
          this.checkoutError.set(apiError.message);
        },
      });
  }
}
