import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  input,
  linkedSignal,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { toApiError } from '../../core/api/api-error';
import { PROVIDER_LABELS } from '../../core/payments/payment-labels';
import { AdminWebhookEvent, ReplayResult } from '../admin-models';
import { WebhookEventDetail } from './webhook-event-detail';
import { REPLAY_OUTCOME_LABELS, WEBHOOK_STATUS_LABELS, WEBHOOK_STATUS_TONES, errorExcerpt } from './webhook-labels';
import { WebhookEventsApi } from './webhook-events-api';

/** What the last replay of this event said: its outcome, or why the request itself failed. */
type ReplayNotice =
  | { kind: 'outcome'; outcome: ReplayResult['outcome']; error: string | null }
  | { kind: 'request_failed'; message: string };

/**
 * One inbox event as a `<tbody>`: its row (received, provider, type, status, attempts, error
 * excerpt, "Details", "Replay") and, when opened, the detail row with the payload and the full
 * error. A replay's answer replaces the event (`replayed`) and says how it went.
 */
@Component({
  selector: 'tbody[app-webhook-event-rows]',
  imports: [DatePipe, MatButton, WebhookEventDetail],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    'data-testid': 'webhook-event',
    '[attr.data-webhook-id]': 'event().id',
    '[attr.data-provider-event-id]': 'event().eventId',
    '[attr.data-status]': 'event().status',
  },
  template: `
    @let e = event();
    <tr data-testid="webhook-row">
      <td data-label="Received">
        <time [attr.datetime]="e.receivedAt">{{ e.receivedAt | date: 'medium' }}</time>
      </td>
      <td data-label="Provider">{{ providerLabels[e.provider] }}</td>
      <td data-label="Type">
        <code data-testid="webhook-type">
          @for (part of typeParts(); track $index) {
            <span>{{ part }}</span><wbr />
          }
        </code>
        <div class="muted small">{{ e.eventId }}</div>
      </td>
      <td data-label="Status">
        <span class="status tone-{{ tones[e.status] }}" data-testid="webhook-status">{{ statusLabels[e.status] }}</span>
      </td>
      <td data-label="Attempts" class="num" data-testid="webhook-attempts">{{ e.attempts }}</td>
      <td data-label="Error" class="error-cell" data-testid="webhook-error">
        @if (excerpt(); as text) {
          <span [attr.title]="e.lastError">{{ text }}</span>
        } @else {
          <span class="muted">—</span>
        }
      </td>
      <td data-label="Actions" class="row-actions">
        <button
          mat-stroked-button
          type="button"
          (click)="expanded.set(!expanded())"
          [attr.aria-expanded]="expanded()"
          [attr.aria-controls]="detailId()"
          data-testid="webhook-details-toggle"
        >
          {{ expanded() ? 'Hide details' : 'Details' }}
        </button>
        <button mat-flat-button type="button" (click)="replay()" [disabled]="replaying()" data-testid="webhook-replay">
          {{ replaying() ? 'Replaying…' : 'Replay' }}
        </button>
      </td>
    </tr>
    @if (notice(); as n) {
      <tr class="notice-row">
        <td colspan="7">
          @if (n.kind === 'request_failed') {
            <div class="alert alert-error" role="alert" data-testid="webhook-replay-outcome" data-outcome="error">
              <p>Replay not run: {{ n.message }}</p>
            </div>
          } @else if (n.outcome === 'failed') {
            <div class="alert alert-error" role="alert" data-testid="webhook-replay-outcome" data-outcome="failed">
              <p>{{ outcomeLabels.failed }} {{ n.error ?? '' }}</p>
            </div>
          } @else {
            <div
              class="alert alert-success"
              role="status"
              data-testid="webhook-replay-outcome"
              [attr.data-outcome]="n.outcome"
            >
              <p>{{ outcomeLabels[n.outcome] }}</p>
            </div>
          }
        </td>
      </tr>
    }
    @if (expanded()) {
      <tr class="detail-row" [id]="detailId()">
        <td colspan="7"><app-webhook-event-detail [event]="e" /></td>
      </tr>
    }
  `,
  styleUrl: './webhook-event-rows.scss',
})
export class WebhookEventRows {
  private readonly api = inject(WebhookEventsApi);
  private readonly destroyRef = inject(DestroyRef);

  readonly event = input.required<AdminWebhookEvent>();
  /** Opened from the start (an event opened by its id). */
  readonly initiallyExpanded = input(false);
  readonly replayed = output<AdminWebhookEvent>();

  protected readonly expanded = linkedSignal(() => this.initiallyExpanded());
  protected readonly replaying = signal(false);
  protected readonly notice = signal<ReplayNotice | null>(null);
  protected readonly excerpt = computed(() => errorExcerpt(this.event().lastError));
  /** The type in pieces that end at a dot, so a long type wraps between its words. */
  protected readonly typeParts = computed(() => this.event().type.split(/(?<=\.)/));
  protected readonly detailId = computed(() => `webhook-detail-${this.event().id}`);

  protected readonly providerLabels = PROVIDER_LABELS;
  protected readonly statusLabels = WEBHOOK_STATUS_LABELS;
  protected readonly tones = WEBHOOK_STATUS_TONES;
  protected readonly outcomeLabels = REPLAY_OUTCOME_LABELS;

  protected replay(): void {
    if (this.replaying()) return;
    this.replaying.set(true);
    this.notice.set(null);
    this.api
      .replay(this.event().id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: ({ event, outcome }) => {
          this.replaying.set(false);
          this.notice.set({ kind: 'outcome', outcome, error: event.lastError });
          this.replayed.emit(event);
        },
        error: (err: unknown) => {
          this.replaying.set(false);
          this.notice.set({ kind: 'request_failed', message: toApiError(err).message });
        },
      });
  }
}
