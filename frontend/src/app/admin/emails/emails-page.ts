import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  linkedSignal,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { toApiError } from '../../core/api/api-error';
import { pagedList } from '../../core/api/paged-list';
import { ErrorAlert } from '../../core/ui/error-alert';
import { LoadMore } from '../../core/ui/load-more';
import { Loading } from '../../core/ui/loading';
import { EMAIL_SEARCH_MAX, EmailFilters, emailFilters } from './email-filters';
import { EMAIL_KINDS, EMAIL_KIND_LABELS, EMAIL_STATUSES, EMAIL_STATUS_LABELS } from './email-labels';
import { AdminEmail } from './email-models';
import { EmailRows } from './email-rows';
import { EmailUpdates, NO_UPDATES, applyUpdates, withEmail, withFirstPage } from './email-updates';
import { EmailsApi } from './emails-api';

/** What the list reads: the filters, and a generation bumped to read it afresh. */
interface ListQuery {
  filters: EmailFilters;
  generation: number;
}

/**
 * The email outbox, newest first, filtered by status, kind and recipient (kept in the URL). Each
 * email opens its detail; sent, failed and skipped ones can be resent, and the row follows the
 * answer in place. "Refresh" reads the first page again and updates the rows where they are, so
 * the admin sees a resent email move on from Queued without losing their place.
 */
@Component({
  selector: 'app-emails-page',
  imports: [
    DatePipe,
    ReactiveFormsModule,
    MatButton,
    MatFormField,
    MatLabel,
    MatInput,
    ErrorAlert,
    LoadMore,
    Loading,
    EmailRows,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './emails-page.html',
  styleUrl: './emails-page.scss',
})
export class EmailsPage {
  private readonly api = inject(EmailsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly destroyRef = inject(DestroyRef);

  /** Query params, bound by the router. */
  readonly status = input<string>();
  readonly kind = input<string>();
  readonly q = input<string>();

  protected readonly filters = computed(() => emailFilters({ status: this.status(), kind: this.kind(), q: this.q() }));
  protected readonly filtered = computed(() => Object.values(this.filters()).some((v) => v !== null));

  private readonly generation = signal(0);
  private readonly query = computed<ListQuery>(() => ({ filters: this.filters(), generation: this.generation() }));
  protected readonly list = pagedList((query, cursor) => this.api.list(query.filters, cursor), this.query);
  /** Resend answers and refreshes since the list was read; a new read starts without them. */
  private readonly updates = linkedSignal<ListQuery, EmailUpdates>({
    source: this.query,
    computation: () => NO_UPDATES,
  });
  protected readonly emails = computed(() => applyUpdates(this.list.rows(), this.updates()));

  protected readonly refreshing = signal(false);
  /** How the last refresh went, until the list is read afresh. */
  protected readonly refreshError = linkedSignal<ListQuery, string | null>({
    source: this.query,
    computation: () => null,
  });
  protected readonly refreshedAt = linkedSignal<ListQuery, Date | null>({
    source: this.query,
    computation: () => null,
  });

  protected readonly statuses = EMAIL_STATUSES;
  protected readonly statusLabels = EMAIL_STATUS_LABELS;
  protected readonly kinds = EMAIL_KINDS;
  protected readonly kindLabels = EMAIL_KIND_LABELS;
  protected readonly searchMax = EMAIL_SEARCH_MAX;

  protected readonly form = inject(NonNullableFormBuilder).group({ status: '', kind: '', q: '' });

  constructor() {
    // A link, back or forward changes the URL: the form follows it.
    effect(() => {
      const f = this.filters();
      this.form.setValue({ status: f.status ?? '', kind: f.kind ?? '', q: f.q ?? '' });
    });
  }

  /** The filters go in the URL, which reads the list from its first page. */
  protected applyFilters(): void {
    const queryParams = Object.fromEntries(
      Object.entries(this.form.getRawValue()).map(([name, value]) => [name, value.trim() || null]),
    );
    void this.router.navigate([], { relativeTo: this.route, queryParams });
  }

  protected clearFilters(): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: {} });
  }

  /**
   * Reads the first page again and puts it on the rows shown; with nothing shown yet, or when the
   * page cannot be joined to the list (many emails since), the list is read afresh.
   */
  protected refresh(): void {
    if (this.refreshing()) return;
    this.refreshError.set(null);
    const query = this.query();
    if (this.emails().length === 0) {
      this.generation.update((n) => n + 1);
      return;
    }
    this.refreshing.set(true);
    this.api
      .list(query.filters, null)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (page) => {
          this.refreshing.set(false);
          // Other filters were asked for meanwhile: their read supersedes this one.
          if (this.query() !== query) return;
          const next = withFirstPage(this.updates(), this.list.rows(), page);
          if (next) {
            this.updates.set(next);
            this.refreshedAt.set(new Date());
          } else {
            this.generation.update((n) => n + 1);
          }
        },
        error: (err: unknown) => {
          this.refreshing.set(false);
          this.refreshError.set(toApiError(err).message);
        },
      });
  }

  protected onChanged(email: AdminEmail): void {
    this.updates.update((updates) => withEmail(updates, email));
  }
}
