import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { DownloadDocumentButton } from '../../core/invoices/download-document-button';
import { InvoiceRef } from '../../core/invoices/invoice-models';
import { MoneyPipe } from '../../core/money/money-pipe';
import { TimelineEntry } from '../admin-models';
import { TIMELINE_KINDS, actorLabel, inboxQuery, statusLabel } from './timeline-labels';

/**
 * Everything that happened to a payment, oldest first: what, when, who, how much, the state it
 * reached, and where to look further (the webhook inbox, the document's PDF).
 */
@Component({
  selector: 'app-payment-timeline',
  imports: [DatePipe, RouterLink, MoneyPipe, DownloadDocumentButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './payment-timeline.html',
  styleUrl: './payment-timeline.scss',
})
export class PaymentTimeline {
  readonly entries = input.required<TimelineEntry[]>();
  /** The payment's invoice and credit notes, which document entries link to. */
  readonly documents = input<InvoiceRef[]>([]);

  protected readonly kinds = TIMELINE_KINDS;
  protected readonly actorLabel = actorLabel;
  protected readonly statusLabel = statusLabel;
  protected readonly inboxQuery = inboxQuery;

  protected documentOf(entry: TimelineEntry): InvoiceRef | null {
    const id = entry.links.documentId;
    return (id && this.documents().find((d) => d.id === id)) || null;
  }
}
