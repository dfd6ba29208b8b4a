import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { FIRST_PAGE, errorOf, loadingOf, nextCursorOf, readPages } from '../core/api/page';
import { DownloadDocumentButton } from '../core/invoices/download-document-button';
import { DOCUMENT_KIND_LABELS, DocumentSummary } from '../core/invoices/invoice-models';
import { MoneyPipe } from '../core/money/money-pipe';
import { ErrorAlert } from '../core/ui/error-alert';
import { Loading } from '../core/ui/loading';
import { InvoicesApi } from './invoices-api';

export const INVOICES_PAGE_SIZE = 20;

/** The student's invoices and credit notes, newest first, each with its PDF. */
@Component({
  selector: 'app-invoices',
  imports: [RouterLink, DatePipe, MatButton, MoneyPipe, DownloadDocumentButton, ErrorAlert, Loading],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './invoices.html',
})
export class Invoices {
  private readonly api = inject(InvoicesApi);

  protected readonly kindLabels = DOCUMENT_KIND_LABELS;

  /** The page to read (null: the first). */
  private readonly cursor = signal<string | null>(null);
  private readonly reloads = signal(0);
  private readonly list = toSignal(
    toObservable(computed(() => ({ cursor: this.cursor(), reload: this.reloads() }))).pipe(
      readPages(({ cursor }) => this.api.list({ limit: INVOICES_PAGE_SIZE, cursor })),
    ),
    { initialValue: FIRST_PAGE },
  );

  protected readonly documents = computed(() => this.list().rows);
  protected readonly nextCursor = computed(() => nextCursorOf(this.list()));
  /** 'first' while the first page loads, 'more' while "Load more" runs. */
  protected readonly loading = computed(() => loadingOf(this.list()));
  protected readonly error = computed(() => errorOf(this.list()));
  /** Announced (not shown) as pages arrive, so "Load more" is heard to have worked. */
  protected readonly shownLabel = computed(() => {
    const count = this.documents().length;
    return count === 0 ? '' : `${count} ${count === 1 ? 'document' : 'documents'} shown`;
  });

  /** Read out after "Download" (not shown): which document the row's button saves. */
  protected downloadDetail(document: DocumentSummary): string {
    return `${this.kindLabels[document.kind].toLowerCase()} ${document.number}`;
  }

  protected loadMore(): void {
    const next = this.nextCursor();
    if (!next || this.loading()) return;
    // After a failed "Load more" the cursor already points at that page: read it again.
    if (next === this.cursor()) this.retry();
    else this.cursor.set(next);
  }

  /** Reads the page that failed again (the first one, or the one "Load more" wanted). */
  protected retry(): void {
    this.reloads.update((n) => n + 1);
  }
}
