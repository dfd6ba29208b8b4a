import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AdminEmail } from './email-models';

/**
 * An outbox email in full: its key and what it is about (the payment links to its admin page;
 * refunds, subscriptions and disputes have none of their own, so their ids show as text), its
 * times, resends and the whole last error.
 */
@Component({
  selector: 'app-email-detail',
  imports: [DatePipe, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let e = email();
    <div class="detail" data-testid="email-detail">
      <dl class="facts">
        <div class="wide">
          <dt>Key</dt>
          <dd>
            <code data-testid="email-key">{{ e.key }}</code>
          </dd>
        </div>
        <div class="wide">
          <dt>To</dt>
          <dd data-testid="email-to">{{ e.to ?? '—' }}</dd>
        </div>
        <div class="wide">
          <dt>Subject</dt>
          <dd>{{ e.subject ?? 'Not rendered yet' }}</dd>
        </div>
        @if (e.paymentId) {
          <div>
            <dt>Payment</dt>
            <dd>
              <a [routerLink]="['/admin/payments', e.paymentId]" data-testid="email-payment-link"
                ><code>{{ e.paymentId }}</code></a
              >
            </dd>
          </div>
        }
        @if (e.refundId) {
          <div>
            <dt>Refund</dt>
            <dd>
              <code data-testid="email-refund-id">{{ e.refundId }}</code>
            </dd>
          </div>
        }
        @if (e.subscriptionId) {
          <div>
            <dt>Subscription</dt>
            <dd>
              <code data-testid="email-subscription-id">{{ e.subscriptionId }}</code>
            </dd>
          </div>
        }
        @if (e.disputeId) {
          <div>
            <dt>Dispute</dt>
            <dd>
              <code data-testid="email-dispute-id">{{ e.disputeId }}</code>
            </dd>
          </div>
        }
        @if (e.userId) {
          <div>
            <dt>Student</dt>
            <dd>
              <code data-testid="email-user-id">{{ e.userId }}</code>
            </dd>
          </div>
        }
        <div>
          <dt>Created</dt>
          <dd>
            <time [attr.datetime]="e.createdAt">{{ e.createdAt | date: 'medium' }}</time>
          </dd>
        </div>
        <div>
          <dt>Last change</dt>
          <dd>
            <time [attr.datetime]="e.updatedAt">{{ e.updatedAt | date: 'medium' }}</time>
          </dd>
        </div>
        <div>
          <dt>Sent</dt>
          <dd data-testid="email-sent-at">
            @if (e.sentAt) {
              <time [attr.datetime]="e.sentAt">{{ e.sentAt | date: 'medium' }}</time>
            } @else {
              Not yet
            }
          </dd>
        </div>
        <div>
          <dt>Attempts</dt>
          <dd>{{ e.attempts }}</dd>
        </div>
        <div>
          <dt>Resends</dt>
          <dd data-testid="email-resends">{{ e.resends }}</dd>
        </div>
      </dl>
      @if (e.lastError) {
        <h3>Last error</h3>
        <pre class="error" data-testid="email-last-error">{{ e.lastError }}</pre>
      }
    </div>
  `,
  styles: `
    .detail {
      padding: 12px 16px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container-low);
      border: 1px solid var(--mat-sys-outline-variant);
    }
    .facts {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
      gap: 8px 24px;
      margin: 0;
    }
    .facts .wide {
      grid-column: 1 / -1;
    }
    dt {
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 2px 0 0;
      overflow-wrap: anywhere;
    }
    code {
      font-size: 0.9rem;
      overflow-wrap: anywhere;
    }
    h3 {
      font: var(--mat-sys-title-small);
      margin: 12px 0 4px;
    }
    pre.error {
      margin: 0;
      padding: 12px;
      max-height: 20rem;
      overflow: auto;
      border-radius: 6px;
      font-size: 0.85rem;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
})
export class EmailDetail {
  readonly email = input.required<AdminEmail>();
}
