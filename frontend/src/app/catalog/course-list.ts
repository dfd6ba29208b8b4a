import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { switchMap } from 'rxjs';
import { LOADING, toLoadState } from '../core/api/load-state';
import { CurrencySelect } from '../core/money/currency-select';
import { CurrencyStore } from '../core/money/currency-store';
import { MoneyPipe } from '../core/money/money-pipe';
import { ErrorAlert } from '../core/ui/error-alert';
import { Loading } from '../core/ui/loading';
import { CoursesApi } from './courses-api';

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
  /** Priced in the selected currency: choosing another one (or "Try again") loads the list again. */
  protected readonly courses = toSignal(
    toObservable(computed(() => ({ currency: this.currency.selected(), reload: this.reloads() }))).pipe(
      switchMap(({ currency }) => this.api.list(currency).pipe(toLoadState())),
    ),
    { initialValue: LOADING },
  );

  constructor() {
    this.currency.load();
  }

  protected retry(): void {
    this.reloads.update((n) => n + 1);
  }
}
