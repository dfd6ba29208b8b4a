import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { catchError, map, of, switchMap, tap } from 'rxjs';
import { CoursesApi } from '../core/api/courses-api';
import { EnrollmentsApi } from '../core/api/enrollments-api';
import { PaymentsApi } from '../core/api/payments-api';
import { ApiError, toApiError } from '../core/api/api-error';
import { Course, PaymentProvider } from '../core/api/models';
import { PROVIDER_LABELS } from '../core/api/payment-labels';
import { AuthStore } from '../core/auth/auth-store';
import { ExternalNavigation } from '../core/browser/external-navigation';
import { newIdempotencyKey } from '../core/browser/idempotency-key';
import { CurrencyStore } from '../core/money/currency-store';
import { MoneyPipe } from '../core/money/money-pipe';
import { ErrorAlert } from '../core/ui/error-alert';
import { Loading } from '../core/ui/loading';
import { CurrencySelect } from './currency-select';

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
  private readonly paymentsApi = inject(PaymentsApi);
  private readonly currency = inject(CurrencyStore);
  private readonly external = inject(ExternalNavigation);
  private readonly router = inject(Router);
  protected readonly auth = inject(AuthStore);

  /** Route param and query param, bound by the router. */
  readonly id = input.required<string>();
  readonly checkout = input<string>();

  private readonly reloads = signal(0);
  protected readonly course = signal<Course | null>(null);
  protected readonly loading = signal(true);
  protected readonly loadError = signal<ApiError | null>(null);
  protected readonly enrolled = signal(false);
  /** The provider whose checkout is being created (buttons are disabled meanwhile). */
  protected readonly startingCheckout = signal<PaymentProvider | null>(null);
  protected readonly checkoutError = signal<string | null>(null);
  protected readonly canceled = computed(() => this.checkout() === 'canceled' && !this.enrolled());
  protected readonly providerNames = PROVIDER_LABELS;

  constructor() {
    this.currency.load();
    const query = computed(() => ({ id: this.id(), currency: this.currency.selected(), attempt: this.reloads() }));
    toObservable(query)
      .pipe(
        tap(() => {
          this.loading.set(true);
          this.loadError.set(null);
        }),
        switchMap(({ id, currency }) =>
          this.coursesApi.get(id, currency).pipe(
            map((course) => ({ course, error: null })),
            catchError((err: unknown) => of({ course: null, error: toApiError(err) })),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe(({ course, error }) => {
        this.course.set(course);
        this.loadError.set(error);
        this.loading.set(false);
      });

    toObservable(computed(() => ({ id: this.id(), loggedIn: this.auth.isLoggedIn() })))
      .pipe(
        switchMap(({ id, loggedIn }) =>
          loggedIn
            ? this.enrollmentsApi.list().pipe(
                map((items) => items.some((e) => e.courseId === id)),
                // Not knowing is fine: the API refuses a second purchase with 409 already_enrolled.
                catchError(() => of(false)),
              )
            : of(false),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((enrolled) => this.enrolled.set(enrolled));
  }

  protected retry(): void {
    this.reloads.update((n) => n + 1);
  }

  buy(provider: PaymentProvider): void {
    const course = this.course();
    if (!course || this.startingCheckout()) return;
    if (!this.auth.isLoggedIn()) {
      void this.router.navigate(['/login'], { queryParams: { returnUrl: `/courses/${course.id}` } });
      return;
    }
    this.startingCheckout.set(provider);
    this.checkoutError.set(null);
    this.paymentsApi
      .checkout(course.id, { provider, currency: this.currency.selected() }, newIdempotencyKey())
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
          this.checkoutError.set(apiError.message);
        },
      });
  }
}
