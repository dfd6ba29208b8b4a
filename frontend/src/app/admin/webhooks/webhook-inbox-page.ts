import { NgTemplateOutlet } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  linkedSignal,
  signal,
} from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { of, switchMap } from 'rxjs';
import { LOADING, toLoadState } from '../../core/api/load-state';
import { pagedList } from '../../core/api/paged-list';
import { ErrorAlert } from '../../core/ui/error-alert';
import { LoadMore } from '../../core/ui/load-more';
import { Loading } from '../../core/ui/loading';
import { AdminWebhookEvent, Page } from '../admin-models';
import { WebhookEventRows } from './webhook-event-rows';
import { WebhookEventsApi } from './webhook-events-api';
import { WebhookFilters, dateRangeProblem, webhookFilters } from './webhook-filters';
import { WEBHOOK_STATUSES, WEBHOOK_STATUS_LABELS } from './webhook-labels';

const NOTHING: Page<AdminWebhookEvent> = { items: [], nextCursor: null };

/**
 * The webhook inbox: every verified provider event, newest received first, filtered by provider,
 * type (a `*` prefix too), status and dates, each with its payload and a "Replay". The filters
 * live in the URL. `?id=<inbox id>` opens one event on its own (the payment page's link);
 * `?eventId=<provider event id>` asks for the event the provider sent with that id.
 */
@Component({
  selector: 'app-webhook-inbox-page',
  imports: [
    NgTemplateOutlet,
    ReactiveFormsModule,
    MatButton,
    MatFormField,
    MatLabel,
    MatHint,
    MatInput,
    ErrorAlert,
    LoadMore,
    Loading,
    WebhookEventRows,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './webhook-inbox-page.html',
  styleUrl: './webhook-inbox-page.scss',
})
export class WebhookInboxPage {
  private readonly api = inject(WebhookEventsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  /** Query params, bound by the router. */
  readonly provider = input<string>();
  readonly type = input<string>();
  readonly status = input<string>();
  readonly from = input<string>();
  readonly to = input<string>();
  readonly eventId = input<string>();
  readonly id = input<string>();

  protected readonly filters = computed(() =>
    webhookFilters({
      provider: this.provider(),
      type: this.type(),
      status: this.status(),
      from: this.from(),
      to: this.to(),
      eventId: this.eventId(),
    }),
  );
  protected readonly providerEventId = computed(() => this.filters().eventId);
  protected readonly openedId = computed(() => this.id()?.trim() || null);

  /** What the list asks for; null while one event is opened on its own (the list is not read). */
  private readonly listQuery = computed(() => (this.openedId() ? null : this.filters()));
  protected readonly list = pagedList(
    (filters, cursor) => (filters ? this.api.list(filters, cursor) : of(NOTHING)),
    this.listQuery,
  );
  /** Events a replay changed, by id, until the list is read afresh (other filters, an event opened). */
  private readonly replayed = linkedSignal<WebhookFilters | null, ReadonlyMap<string, AdminWebhookEvent>>({
    source: this.listQuery,
    computation: () => new Map(),
  });
  protected readonly events = computed(() => {
    const replayed = this.replayed();
    return this.list.rows().map((e) => replayed.get(e.id) ?? e);
  });

  /** The event opened by `?id=`; its reload counter for "Try again". */
  private readonly openedReloads = signal(0);
  private readonly openedRead = toSignal(
    toObservable(computed(() => ({ id: this.openedId(), reload: this.openedReloads() }))).pipe(
      switchMap(({ id }) => (id ? this.api.get(id).pipe(toLoadState()) : of(LOADING))),
    ),
    { initialValue: LOADING },
  );
  protected readonly opened = computed(() => {
    const state = this.openedRead();
    if (state.status !== 'loaded') return state;
    return { status: 'loaded' as const, value: this.replayed().get(state.value.id) ?? state.value };
  });

  protected readonly statuses = WEBHOOK_STATUSES;
  protected readonly statusLabels = WEBHOOK_STATUS_LABELS;

  protected readonly form = inject(NonNullableFormBuilder).group({
    provider: '',
    type: '',
    status: '',
    from: '',
    to: '',
  });
  protected readonly formProblem = signal<string | null>(null);
  protected readonly filtered = computed(() => Object.values(this.filters()).some((v) => v !== null));

  constructor() {
    // A link, back or forward changes the URL: the form follows it.
    effect(() => {
      const f = this.filters();
      this.form.setValue({
        provider: f.provider ?? '',
        type: f.type ?? '',
        status: f.status ?? '',
        from: f.from ?? '',
        to: f.to ?? '',
      });
      this.formProblem.set(null);
    });
  }

  /** Applies the form: the filters go in the URL (which reads the list); an opened event is closed. */
  protected applyFilters(): void {
    const value = this.form.getRawValue();
    const problem = dateRangeProblem(value.from || null, value.to || null);
    this.formProblem.set(problem);
    if (problem) return;
    const queryParams = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v.trim() || null]));
    void this.router.navigate([], { relativeTo: this.route, queryParams });
  }

  /** Leaves the one event (by inbox id or provider event id) for the list under the other filters. */
  protected showAll(): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { ...this.filters(), eventId: null } });
  }

  protected clearFilters(): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: {} });
  }

  protected retryOpened(): void {
    this.openedReloads.update((n) => n + 1);
  }

  protected onReplayed(event: AdminWebhookEvent): void {
    this.replayed.update((map) => new Map(map).set(event.id, event));
  }
}
