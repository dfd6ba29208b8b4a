import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { DownloadDocumentButton } from '../../core/invoices/download-document-button';
import { MoneyPipe } from '../../core/money/money-pipe';
import { PAYMENT_LABELS, PROVIDER_LABELS, STATUS_LABELS } from '../../core/payments/payment-labels';
import { AdminPaymentDetail } from '../admin-models';

/** Who paid what for what, what is left of it, the provider's references and the documents. */
@Component({
  selector: 'app-payment-summary',
  imports: [DatePipe, RouterLink, MoneyPipe, DownloadDocumentButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './payment-summary.html',
  styleUrl: './payment-summary.scss',
})
export class PaymentSummary {
  readonly payment = input.required<AdminPaymentDetail['payment']>();

  protected readonly paymentLabels = PAYMENT_LABELS;
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly providerLabels = PROVIDER_LABELS;
}
