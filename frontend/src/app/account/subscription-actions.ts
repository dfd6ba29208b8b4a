import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  InjectionToken,
  Injector,
  LOCALE_ID,
  afterNextRender,
  computed,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { formatDate } from '@angular/common';
import { MatButton } from '@angular/material/button';
import { Observable, map, of, switchMap } from 'rxjs';
import { toApiError } from '../core/api/api-error';
import { PollConfig, pollUntil } from '../core/api/poll';
import { PROVIDER_LABELS } from '../core/payments/payment-labels';
import { Subscription } from '../core/subscriptions/subscription-models';
import { SubscriptionsApi } from '../core/subscriptions/subscriptions-api';
import { ErrorAlert } from '../core/ui/error-alert';
import { SubscriptionActionsApi } from './subscription-actions-api';

/**
 * The stored subscription follows the provider's webhooks, so right after a cancel or resume it can
 * still show the old state: read it again every second, for up to 10 s, until it shows the change.
 */
export const SUBSCRIPTION_SETTLE_CONFIG = new InjectionToken<PollConfig>('SUBSCRIPTION_SETTLE_CONFIG', {
  factory: () => ({ intervalMs: 1000, timeoutMs: 10_000 }),
});

type Command = 'cancel' | 'resume';

/**
 * "Cancel subscription" (at the period end, after a confirm step in the page) or "Resume", as the
 * subscription's `actions` allow. Emits the subscription once it shows the change.
 */
@Component({
  selector: 'app-subscription-actions',
  imports: [MatButton, ErrorAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './subscription-actions.html',
  styles: `
    .confirm {
      margin-top: 16px;
      padding: 16px;
      border-radius: 12px;
      border: 1px solid var(--mat-sys-outline);
      background: var(--mat-sys-surface-container);
      outline: none;
    }
    .confirm h3 {
      margin: 0 0 8px;
      font: var(--mat-sys-title-medium);
    }
    .confirm p {
      margin: 0;
    }
  `,
})
export class SubscriptionActions {
  private readonly actionsApi = inject(SubscriptionActionsApi);
  private readonly subscriptionsApi = inject(SubscriptionsApi);
  private readonly settleConfig = inject(SUBSCRIPTION_SETTLE_CONFIG);
  private readonly destroyRef = inject(DestroyRef);
  private readonly injector = inject(Injector);
  private readonly locale = inject(LOCALE_ID);

  readonly subscription = input.required<Subscription>();
  /** The subscription after a cancel or resume (as soon as it shows the change, or as it is after waiting). */
  readonly changed = output<Subscription>();

  private readonly confirmBox = viewChild<ElementRef<HTMLElement>>('confirmBox');
  private readonly cancelButton = viewChild('cancelButton', { read: ElementRef<HTMLElement> });

  /** The confirm step of "Cancel subscription" is open. */
  protected readonly confirming = signal(false);
  protected readonly busy = signal<Command | null>(null);
  protected readonly error = signal<string | null>(null);
  /** The provider took the change but the stored subscription did not show it within the settle time. */
  protected readonly pending = signal(false);
  protected readonly providerNames = PROVIDER_LABELS;
  /** ", Apr 1, 2026" after "until the end of the period", when the period end is known. */
  protected readonly periodEndSuffix = computed(() => {
    const end = this.subscription().currentPeriodEnd;
    return end ? `, ${formatDate(end, 'mediumDate', this.locale)}` : '';
  });

  protected askToCancel(): void {
    this.error.set(null);
    this.confirming.set(true);
    afterNextRender({ write: () => this.confirmBox()?.nativeElement.focus() }, { injector: this.injector });
  }

  protected keep(): void {
    this.confirming.set(false);
    afterNextRender({ write: () => this.cancelButton()?.nativeElement.focus() }, { injector: this.injector });
  }

  protected confirmCancel(): void {
    const id = this.subscription().id;
    this.run('cancel', this.actionsApi.cancel(id, { atPeriodEnd: true }), (s) => s.cancelAtPeriodEnd);
  }

  protected resume(): void {
    const id = this.subscription().id;
    this.run('resume', this.actionsApi.resume(id), (s) => !s.cancelAtPeriodEnd);
  }

  private run(command: Command, request: Observable<Subscription>, shows: (s: Subscription) => boolean): void {
    if (this.busy()) return;
    const id = this.subscription().id;
    this.busy.set(command);
    this.error.set(null);
    this.pending.set(false);
    request
      .pipe(
        switchMap((answer) => (shows(answer) ? of({ view: answer, settled: true }) : this.settle(id, answer, shows))),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: ({ view, settled }) => {
          this.busy.set(null);
          this.confirming.set(false);
          this.pending.set(!settled);
          this.changed.emit(view);
        },
        error: (err: unknown) => {
          this.busy.set(null);
          this.error.set(toApiError(err).message);
        },
      });
  }

  /** Reads the subscription until it shows the change; after the settle time, the latest read. */
  private settle(
    id: string,
    answer: Subscription,
    shows: (s: Subscription) => boolean,
  ): Observable<{ view: Subscription; settled: boolean }> {
    let latest = answer;
    return pollUntil(
      () => this.subscriptionsApi.get(id),
      shows,
      this.settleConfig,
      ({ value }) => (latest = value),
    ).pipe(map((view) => (view ? { view, settled: true } : { view: latest, settled: false })));
  }
}
