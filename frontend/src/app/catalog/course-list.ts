import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { catchError, map, of, switchMap, tap } from 'rxjs';
import { CoursesApi } from '../core/api/courses-api';
import { ApiError, toApiError } from '../core/api/api-error';
import { Course } from '../core/api/models';
import { CurrencyStore } from '../core/money/currency-store';
import { MoneyPipe } from '../core/money/money-pipe';
import { ErrorAlert } from '../core/ui/error-alert';
import { Loading } from '../core/ui/loading';
import { CurrencySelect } from './currency-select';

@Component({
  selector: 'app-course-list',
  imports: [RouterLink, MoneyPipe, CurrencySelect, ErrorAlert, Loading],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './course-list.html',
  styleUrl: './course-list.scss',
})
export class CourseList {
  private readonly api = inject(CoursesApi);
  private readonly currency = inject(CurrencyStore);

  private readonly reloads = signal(0);
  protected readonly courses = signal<Course[]>([]);
  protected readonly loading = signal(true);
  protected readonly error = signal<ApiError | null>(null);

  constructor() {
    this.currency.load();
    const query = computed(() => ({ currency: this.currency.selected(), attempt: this.reloads() }));
    toObservable(query)
      .pipe(
        tap(() => {
          this.loading.set(true);
          this.error.set(null);
        }),
        switchMap(({ currency }) =>
          this.api.list(currency).pipe(
            map((items) => ({ items, error: null })),
            catchError((err: unknown) => of({ items: [] as Course[], error: toApiError(err) })),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe(({ items, error }) => {
        this.courses.set(items);
        this.error.set(error);
        this.loading.set(false);
      });
  }

  protected retry(): void {
    this.reloads.update((n) => n + 1);
  }
}
