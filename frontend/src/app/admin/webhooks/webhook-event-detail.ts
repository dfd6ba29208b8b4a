import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { AdminWebhookEvent } from '../admin-models';

/** An inbox event in full: its ids, times, subjects, the whole last error and the payload as sent. */
@Component({
  selector: 'app-webhook-event-detail',
  imports: [DatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let e = event();
    <div class="detail" data-testid="webhook-detail">
      <dl class="facts">
        <div>
          <dt>Provider event id</dt>
          <dd>
            <code data-testid="webhook-provider-event-id">{{ e.eventId }}</code>
          </dd>
        </div>
        <div>
          <dt>Inbox id</dt>
          <dd>
            <code>{{ e.id }}</code>
          </dd>
        </div>
        <div>
          <dt>Sent by the provider</dt>
          <dd>{{ e.providerCreatedAt ? (e.providerCreatedAt | date: 'medium') : '—' }}</dd>
        </div>
        <div>
          <dt>Processed</dt>
          <dd>{{ e.processedAt ? (e.processedAt | date: 'medium') : '—' }}</dd>
        </div>
        <div class="wide">
          <dt>About</dt>
          <dd data-testid="webhook-subjects">
            @for (subject of e.subjects; track subject) {
              <code>{{ subject }}</code>{{ $last ? '' : ', ' }}
            } @empty {
              —
            }
          </dd>
        </div>
      </dl>
      @if (e.lastError) {
        <h3>Last error</h3>
        <pre class="error" data-testid="webhook-last-error">{{ e.lastError }}</pre>
      }
      <h3>Payload</h3>
      <pre class="payload" data-testid="webhook-payload" tabindex="0" aria-label="Event payload (JSON)">{{
        payload()
      }}</pre>
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
      grid-template-columns: repeat(auto-fill, minmax(220px, 1fr));
      gap: 8px 24px;
      margin: 0 0 8px;
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
    h3 {
      font: var(--mat-sys-title-small);
      margin: 12px 0 4px;
    }
    pre {
      margin: 0;
      padding: 12px;
      max-height: 28rem;
      overflow: auto;
      border-radius: 6px;
      background: var(--mat-sys-surface-container-highest);
      font-size: 0.85rem;
      white-space: pre;
    }
    pre.error {
      white-space: pre-wrap;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
})
export class WebhookEventDetail {
  readonly event = input.required<AdminWebhookEvent>();
  protected readonly payload = computed(() => JSON.stringify(this.event().payload, null, 2));
}
