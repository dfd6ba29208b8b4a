import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { DatePipe } from '@angular/common';
import { MatButton } from '@angular/material/button';
import { Observable, Subject, catchError, map, merge, of, startWith, switchMap } from 'rxjs';
import { toApiError } from '../core/api/api-error';
import { pollAttempts } from '../core/api/poll';
import { MoneyPipe } from '../core/money/money-pipe';
import { PROVIDER_LABELS } from '../core/payments/payment-labels';
import { INTERVAL_LABELS, SUBSCRIPTION_STATUS_LABELS } from '../core/subscriptions/subscription-labels';
import { Subscription } from '../core/subscriptions/subscription-models';
import { SubscriptionsApi } from '../core/subscriptions/subscriptions-api';
import { Loading } from '../core/ui/loading';
import { SUBSCRIPTION_POLL_CONFIG, outcomeOf, pollSubscription } from './subscription-poller';

export type SubscriptionReturnState =
  | {
      kind: 'confirming';
      /** The latest answer while polling, and how far the polling is. */
      subscription: Subscription | null;
      attempt: number;
      attempts: number;
    }
  | { kind: 'active'; subscription: Subscription }
  /** Started, but its first payment is overdue or paused: the subscription page says what to do. */
  | { kind: 'attention'; subscription: Subscription }
  | { kind: 'failed'; subscription: Subscription }
  | { kind: 'timeout' }
  | { kind: 'error'; message: string };

const NO_SUBSCRIPTION_ID: SubscriptionReturnState = {
  kind: 'error',
  message: 'This page needs a subscription reference. Your subscription is shown under Subscription.',
};

/**
 * Where Stripe and PayPal send the student after subscribing
 * (`/subscriptions/return?subscriptionId=…&provider=…`): polls the subscription, asking the
 * provider each time, until it is active (or trialing), or ended, or the polling time ran out.
 */
@Component({
  selector: 'app-subscription-return',
  imports: [RouterLink, DatePipe, MatButton, MoneyPipe, Loading],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './subscription-return.html',
  styles: `
    .result {
      padding: 8px 0;
    }
    .poll-progress {
      display: block;
      width: 100%;
      margin: 4px 0 12px;
    }
  `,
})
export class SubscriptionReturn {
  private readonly api = inject(SubscriptionsApi);
  private readonly pollConfig = inject(SUBSCRIPTION_POLL_CONFIG);

  /** Query params set by the backend's return URL (the provider adds its own, unused here). */
  readonly subscriptionId = input<string>();
  readonly provider = input<string>();

  private readonly confirming: SubscriptionReturnState = {
    kind: 'confirming',
    subscription: null,
    attempt: 0,
    attempts: pollAttempts(this.pollConfig),
  };
  /** "Check again" after a timeout: polls once more. */
  private readonly checkAgainClicks = new Subject<void>();
  protected readonly state = toSignal(
    toObservable(this.subscriptionId).pipe(
      switchMap((id) => {
        if (!id) return of(NO_SUBSCRIPTION_ID);
        return merge(of(undefined), this.checkAgainClicks).pipe(
          switchMap(() => this.follow(id).pipe(startWith(this.confirming))),
        );
      }),
    ),
    { initialValue: this.confirming },
  );

  protected readonly statusLabels = SUBSCRIPTION_STATUS_LABELS;
  protected readonly intervalLabels = INTERVAL_LABELS;
  protected readonly providerLabel = (provider: string | undefined): string =>
    provider === 'stripe' || provider === 'paypal' ? PROVIDER_LABELS[provider] : 'the payment provider';

  protected endedReason(subscription: Subscription): string {
    return subscription.status === 'canceled'
      ? 'The subscription was canceled before it started.'
      : 'The subscription ended before its first payment went through.';
  }

  protected checkAgain(): void {
    this.checkAgainClicks.next();
  }

  /** Emits `confirming` with every answer, then the outcome (or timeout, or error). */
  private follow(id: string): Observable<SubscriptionReturnState> {
    return new Observable<SubscriptionReturnState>((subscriber) =>
      pollSubscription(
        () => this.api.get(id, { refresh: true }),
        this.pollConfig,
        ({ value, attempt, attempts }) =>
          subscriber.next({ kind: 'confirming', subscription: value, attempt, attempts }),
      )
        .pipe(
          map((subscription): SubscriptionReturnState =>
            subscription ? outcomeState(subscription) : { kind: 'timeout' },
          ),
          catchError((err: unknown) =>
            of<SubscriptionReturnState>({ kind: 'error', message: toApiError(err).message }),
          ),
        )
        .subscribe(subscriber),
    );
  }
}

function outcomeState(subscription: Subscription): SubscriptionReturnState {
  switch (outcomeOf(subscription.status)) {
    case 'started':
      return { kind: 'active', subscription };
    case 'attention':
      return { kind: 'attention', subscription };
    default:
      return { kind: 'failed', subscription };
  }
}
