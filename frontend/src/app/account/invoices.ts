import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { pagedList } from '../core/api/paged-list';
import { DownloadDocumentButton } from '../core/invoices/download-document-button';
import { DOCUMENT_KIND_LABELS, DocumentSummary } from '../core/invoices/invoice-models';
import { MoneyPipe } from '../core/money/money-pipe';
import { LoadMore } from '../core/ui/load-more';
import { Loading } from '../core/ui/loading';
import { InvoicesApi } from './invoices-api';

export const INVOICES_PAGE_SIZE = 20;

/** The student's invoices and credit notes, newest first, each with its PDF. */
@Component({
  selector: 'app-invoices',
  imports: [RouterLink, DatePipe, MoneyPipe, DownloadDocumentButton, LoadMore, Loading],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './invoices.html',
})
export class Invoices {
  private readonly api = inject(InvoicesApi);

  protected readonly kindLabels = DOCUMENT_KIND_LABELS;

  protected readonly list = pagedList((_, cursor) => this.api.list({ limit: INVOICES_PAGE_SIZE, cursor }));
  protected readonly documents = this.list.rows;
  protected readonly loading = this.list.loading;
  protected readonly error = this.list.error;
  /** Announced (not shown) as pages arrive, so "Load more" is heard to have worked. */
  protected readonly shownLabel = computed(() => {
    const count = this.documents().length;
    return count === 0 ? '' : `${count} ${count === 1 ? 'document' : 'documents'} shown`;
  });

  /** Read out after "Download" (not shown): which document the row's button saves. */
  protected downloadDetail(document: DocumentSummary): string {
    return `${this.kindLabels[document.kind].toLowerCase()} ${document.number}`;
  }
}
