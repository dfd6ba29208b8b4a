import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MoneyPipe } from '../../core/money/money-pipe';
import { PAYMENT_LABELS, PROVIDER_LABELS } from '../../core/payments/payment-labels';
import { AdminPaymentRow as Row } from '../admin-models';

/**
 * One search result as a table row (`<tr app-admin-payment-row [payment]="…">`); its date links
 * to the payment's page.
 */
@Component({
  selector: 'tr[app-admin-payment-row]',
  imports: [DatePipe, RouterLink, MoneyPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'admin-payment-row', '[attr.data-payment-id]': 'payment().id' },
  template: `
    @let p = payment();
    <td data-label="Date">
      <a [routerLink]="['/admin/payments', p.id]" data-testid="payment-link">
        <time [attr.datetime]="p.createdAt">{{ p.createdAt | date: 'medium' }}</time>
        <span class="visually-hidden">: open the payment</span>
      </a>
    </td>
    <td data-label="Student" class="student">
      <span data-testid="row-email">{{ p.user.email }}</span>
      <div class="muted small">{{ p.user.name }}</div>
    </td>
    <td data-label="Course or plan" data-testid="row-item">
      @if (p.course; as course) {
        {{ course.title }}
      } @else if (p.subscription; as subscription) {
        {{ subscription.planName }}
        <div class="muted small">Subscription</div>
      } @else {
        <span class="muted">—</span>
      }
    </td>
    <td data-label="Amount" class="num" data-testid="row-amount">
      {{ p.amount | money }}
      @if (p.refundedAmount.amount > 0) {
        <div class="muted small">{{ p.refundedAmount | money }} refunded</div>
      }
    </td>
    <td data-label="Label">
      <span class="status status-{{ p.label }}" data-testid="row-label">{{ paymentLabels[p.label] }}</span>
    </td>
    <td data-label="Provider" data-testid="row-provider">{{ providerLabels[p.provider] }}</td>
    <td data-label="Reference" class="reference" data-testid="row-reference">
      @if (p.providerPaymentId ?? p.providerSessionId; as reference) {
        <code [title]="reference">{{ reference }}</code>
      } @else {
        <span class="muted">—</span>
      }
    </td>
  `,
  styles: `
    .small {
      font-size: 0.85rem;
    }
    .student {
      overflow-wrap: anywhere;
    }
    /* Provider ids are long: cut them short, the whole id is in the tooltip and on the payment page. */
    .reference code {
      display: inline-block;
      max-width: 11rem;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      vertical-align: bottom;
      font-size: 0.85rem;
    }
  `,
})
export class AdminPaymentRow {
  readonly payment = input.required<Row>();

  protected readonly paymentLabels = PAYMENT_LABELS;
  protected readonly providerLabels = PROVIDER_LABELS;
}
