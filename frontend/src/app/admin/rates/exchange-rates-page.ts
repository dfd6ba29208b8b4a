import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, linkedSignal, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { switchMap } from 'rxjs';
import { toApiError } from '../../core/api/api-error';
import { LOADING, LoadState, toLoadState } from '../../core/api/load-state';
import { RateInfo } from '../../core/money/money-models';
import { ErrorAlert } from '../../core/ui/error-alert';
import { Loading } from '../../core/ui/loading';
import { EcbImport } from './ecb-import';
import { RateInput, RatesOverview } from './exchange-rate-models';
import { ExchangeRatesApi } from './exchange-rates-api';
import { RateDraft, RateForm } from './rate-form';

/**
 * The exchange rates in force (stale ones flagged), the ones dated later, a form to set a rate
 * (from a row's "Edit" or for a new pair) and the ECB daily file upload.
 */
@Component({
  selector: 'app-exchange-rates-page',
  imports: [DatePipe, MatButton, ErrorAlert, Loading, RateForm, EcbImport],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './exchange-rates-page.html',
  styleUrl: './exchange-rates-page.scss',
})
export class ExchangeRatesPage {
  private readonly api = inject(ExchangeRatesApi);
  private readonly destroyRef = inject(DestroyRef);

  private readonly reloads = signal(0);
  protected readonly loaded = toSignal(
    toObservable(this.reloads).pipe(switchMap(() => this.api.overview().pipe(toLoadState()))),
    { initialValue: LOADING },
  );
  /** The overview as read, then as a save answered it; kept on show while an import's re-read runs. */
  protected readonly overview = linkedSignal<LoadState<RatesOverview>, RatesOverview | null>({
    source: this.loaded,
    computation: (state, previous) => (state.status === 'loaded' ? state.value : (previous?.value ?? null)),
  });

  protected readonly draft = signal<RateDraft | null>(null);
  protected readonly saving = signal(false);
  protected readonly saveError = signal<string | null>(null);
  protected readonly saved = signal<string | null>(null);

  protected reload(): void {
    this.reloads.update((n) => n + 1);
  }

  protected edit(rate: RateInfo): void {
    this.saved.set(null);
    this.saveError.set(null);
    this.draft.set({ base: rate.base, quote: rate.quote, rate: rate.rate });
  }

  protected save(input: RateInput): void {
    if (this.saving()) return;
    this.saving.set(true);
    this.saveError.set(null);
    this.saved.set(null);
    this.api
      .save([input])
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: ({ inserted, updated, unchanged, ...overview }) => {
          this.saving.set(false);
          this.overview.set(overview);
          const what = inserted ? 'added' : updated ? 'changed' : unchanged ? 'already stored, unchanged' : 'saved';
          this.saved.set(`${input.base} → ${input.quote} ${input.rate}: ${what}.`);
        },
        error: (err: unknown) => {
          this.saving.set(false);
          this.saveError.set(toApiError(err).message);
        },
      });
  }
}
