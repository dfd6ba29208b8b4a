import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { DownloadDocumentButton } from '../core/invoices/download-document-button';
import { MoneyPipe } from '../core/money/money-pipe';
import { PAYMENT_LABELS, PROVIDER_LABELS } from '../core/payments/payment-labels';
import { Payment } from '../core/payments/payment-models';

/**
 * One payment as a table row (`<tr app-payment-row [payment]="…">`): date, course (or plan), amount,
 * provider, status label (with refunds and the failure reason), and its invoice download. The
 * payment history shows every column; a subscription's cycles leave out course and provider.
 */
@Component({
  selector: 'tr[app-payment-row]',
  imports: [RouterLink, DatePipe, MoneyPipe, DownloadDocumentButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    'data-testid': 'payment-row',
    '[attr.data-payment-id]': 'payment().id',
    '[attr.data-status]': 'payment().status',
  },
  template: `
    @let p = payment();
    <td data-label="Date">
      <time [attr.datetime]="p.createdAt">{{ p.createdAt | date: 'medium' }}</time>
    </td>
    @if (showCourse()) {
      <td data-label="Course or plan">
        @if (p.course; as course) {
          <a [routerLink]="['/courses', course.id]">{{ course.title }}</a>
        } @else if (p.subscription; as subscription) {
          <a routerLink="/account/subscription" data-testid="payment-plan">{{ subscription.planName }}</a>
          <div class="muted reason">Subscription</div>
        } @else {
          <span class="muted">—</span>
        }
      </td>
    }
    <td data-label="Amount" class="num" data-testid="payment-amount">{{ p.amount | money }}</td>
    @if (showProvider()) {
      <td data-label="Provider" data-testid="payment-provider">{{ providerLabels[p.provider] }}</td>
    }
    <td data-label="Status">
      <span class="status status-{{ p.label }}" data-testid="payment-row-status">{{ paymentLabels[p.label] }}</span>
      @if (p.refundedAmount.amount > 0) {
        <div class="muted reason">{{ p.refundedAmount | money }} refunded</div>
      }
      @if (p.failureReason && (p.status === 'failed' || p.status === 'canceled')) {
        <div class="muted reason">{{ p.failureReason }}</div>
      }
    </td>
    <td data-label="Invoice">
      @if (p.invoice; as invoice) {
        <app-download-document-button
          [document]="invoice"
          label="Download invoice"
          [showNumber]="true"
          data-testid="payment-invoice"
        />
      } @else {
        <span class="muted">—</span>
      }
    </td>
  `,
  styles: `
    .reason {
      font-size: 0.85rem;
      margin-top: 4px;
    }
  `,
})
export class PaymentRow {
  readonly payment = input.required<Payment>();
  readonly showCourse = input(true);
  readonly showProvider = input(true);

  protected readonly paymentLabels = PAYMENT_LABELS;
  protected readonly providerLabels = PROVIDER_LABELS;
}
