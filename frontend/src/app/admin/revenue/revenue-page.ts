import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { switchMap } from 'rxjs';
import { toApiError } from '../../core/api/api-error';
import { LOADING, toLoadState } from '../../core/api/load-state';
import { FileSave } from '../../core/browser/file-save';
import { CurrencyStore } from '../../core/money/currency-store';
import { MoneyPipe } from '../../core/money/money-pipe';
import { ErrorAlert } from '../../core/ui/error-alert';
import { Loading } from '../../core/ui/loading';
import { RevenueApi } from './revenue-api';
import { conversionsText } from './conversion-text';
import { RevenueChart } from './revenue-chart';
import { revenueCharts } from './revenue-chart-data';
import { RevenueQuery, revenueQuery, revenueRangeProblem } from './revenue-query';

/**
 * Revenue per currency and period: the range and interval (in the URL; by default the last 30
 * UTC days by day), a chart per currency, the totals with the converted total and its rates, and
 * the CSV export of the same report.
 */
@Component({
  selector: 'app-revenue-page',
  imports: [
    ReactiveFormsModule,
    MatButton,
    MatFormField,
    MatLabel,
    MatInput,
    MoneyPipe,
    ErrorAlert,
    Loading,
    RevenueChart,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './revenue-page.html',
  styleUrl: './revenue-page.scss',
})
export class RevenuePage {
  private readonly api = inject(RevenueApi);
  private readonly files = inject(FileSave);
  private readonly currencies = inject(CurrencyStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly destroyRef = inject(DestroyRef);

  /** Query params, bound by the router. */
  readonly from = input<string>();
  readonly to = input<string>();
  readonly interval = input<string>();

  protected readonly query = computed(() =>
    revenueQuery({ from: this.from(), to: this.to(), interval: this.interval() }, new Date()),
  );
  private readonly reloads = signal(0);
  protected readonly report = toSignal(
    toObservable(computed(() => ({ query: this.query(), reload: this.reloads() }))).pipe(
      switchMap(({ query }) => this.api.report(query).pipe(toLoadState())),
    ),
    { initialValue: LOADING },
  );
  /** Decimals as the currency list says when it was read (the money pipe's too), else ISO 4217's. */
  protected readonly charts = computed(() => {
    const state = this.report();
    return state.status === 'loaded' ? revenueCharts(state.value, (c) => this.currencies.exponentOf(c)) : [];
  });

  protected readonly form = inject(NonNullableFormBuilder).group({ from: '', to: '', interval: 'day' });
  protected readonly formProblem = signal<string | null>(null);
  protected readonly downloading = signal(false);
  protected readonly downloadError = signal<string | null>(null);
  protected readonly conversionsText = conversionsText;

  constructor() {
    effect(() => {
      this.form.setValue({ ...this.query() });
      this.formProblem.set(null);
    });
  }

  protected apply(): void {
    const { from, to, interval } = this.form.getRawValue();
    const problem = revenueRangeProblem(from, to);
    this.formProblem.set(problem);
    if (problem) return;
    void this.router.navigate([], { relativeTo: this.route, queryParams: { from, to, interval } });
  }

  protected retry(): void {
    this.reloads.update((n) => n + 1);
  }

  protected downloadCsv(): void {
    if (this.downloading()) return;
    const query: RevenueQuery = this.query();
    this.downloading.set(true);
    this.downloadError.set(null);
    this.api
      .csv(query)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (csv) => {
          this.downloading.set(false);
          this.files.save(csv, `revenue-${query.from}-${query.to}-${query.interval}.csv`);
        },
        error: (err: unknown) => {
          this.downloading.set(false);
          this.downloadError.set(toApiError(err).message);
        },
      });
  }
}
