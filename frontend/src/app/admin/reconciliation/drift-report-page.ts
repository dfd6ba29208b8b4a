import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { Observable, of, tap } from 'rxjs';
import { toApiError } from '../../core/api/api-error';
import { pagedList } from '../../core/api/paged-list';
import { PROVIDER_LABELS } from '../../core/payments/payment-labels';
import { ErrorAlert } from '../../core/ui/error-alert';
import { LoadMore } from '../../core/ui/load-more';
import { Loading } from '../../core/ui/loading';
import { DriftReport, ReconciliationRun } from '../admin-models';
import { ReconciliationApi } from './reconciliation-api';

/** What the list starts from: a read of the first page, or the report a run just answered with. */
interface ReportSource {
  ran: DriftReport | null;
}

/**
 * The drift report: the latest reconciliation run (checked, drifted, healed, errors), "Run now",
 * and each drift found (our state before and after the provider's answer), newest first.
 */
@Component({
  selector: 'app-drift-report-page',
  imports: [DatePipe, RouterLink, MatButton, ErrorAlert, LoadMore, Loading],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './drift-report-page.html',
  styleUrl: './drift-report-page.scss',
})
export class DriftReportPage {
  private readonly api = inject(ReconciliationApi);
  private readonly destroyRef = inject(DestroyRef);

  /** The latest run, as the first page said. */
  protected readonly latestRun = signal<ReconciliationRun | null>(null);
  private readonly source = signal<ReportSource>({ ran: null });
  protected readonly list = pagedList((source, cursor) => this.read(source, cursor), this.source);

  protected readonly running = signal(false);
  protected readonly runError = signal<string | null>(null);
  protected readonly providerLabels = PROVIDER_LABELS;

  protected runNow(): void {
    if (this.running()) return;
    this.running.set(true);
    this.runError.set(null);
    this.api
      .run()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (report) => {
          this.running.set(false);
          // The run answers with the report's first page: the list starts again from it.
          this.source.set({ ran: report });
        },
        error: (err: unknown) => {
          this.running.set(false);
          this.runError.set(toApiError(err).message);
        },
      });
  }

  private read(source: ReportSource, cursor: string | null): Observable<DriftReport> {
    const page = cursor === null && source.ran ? of(source.ran) : this.api.report(cursor);
    return page.pipe(tap((report) => cursor === null && this.latestRun.set(report.latestRun)));
  }
}
