import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { PROVIDER_LABELS } from '../core/payments/payment-labels';
import { Subscription } from '../core/subscriptions/subscription-models';

/**
 * What the student must know before anything else: a renewal that failed (past_due: what
 * happened, what to do, until when access lasts), access paused (suspended), a subscription
 * that has ended, or a checkout that never completed. Nothing for a healthy subscription.
 */
@Component({
  selector: 'app-subscription-banner',
  imports: [DatePipe, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './subscription-banner.html',
  styles: `
    .banner {
      display: block;
    }
    .banner h2 {
      margin: 0 0 4px;
      font: var(--mat-sys-title-medium);
    }
    .banner p {
      margin: 4px 0 0;
    }
    .banner a {
      color: inherit;
      font-weight: 600;
    }
  `,
})
export class SubscriptionBanner {
  readonly subscription = input.required<Subscription>();

  protected readonly kind = computed(() => {
    const s = this.subscription();
    if (s.status === 'past_due') return 'past_due';
    if (s.status === 'suspended') return 'suspended';
    if (s.status === 'incomplete') return 'incomplete';
    if ((s.status === 'canceled' || s.status === 'expired') && s.access === 'none') return 'ended';
    return null;
  });
  /** When an ended subscription's access stopped, as well as it is known. */
  protected readonly endedAt = computed(() => {
    const s = this.subscription();
    return s.accessEndsAt ?? s.currentPeriodEnd ?? s.canceledAt;
  });
  protected readonly providerNames = PROVIDER_LABELS;
}
