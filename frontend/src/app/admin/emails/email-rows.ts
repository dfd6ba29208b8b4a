import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, input, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { EMPTY, catchError, filter } from 'rxjs';
import { toApiError } from '../../core/api/api-error';
import { EmailDetail } from './email-detail';
import {
  EMAIL_KIND_LABELS,
  EMAIL_STATUS_LABELS,
  EMAIL_STATUS_TONES,
  errorExcerpt,
  isAdminEmail,
  resendBlockedReason,
} from './email-labels';
import { AdminEmail } from './email-models';
import { EmailsApi } from './emails-api';
import { ResendEmailDialog } from './resend-email-dialog';

/** What the last resend of this email said: queued again, or why not. */
type ResendNotice = { kind: 'queued' } | { kind: 'refused'; message: string };

/**
 * One outbox email as a `<tbody>`: its row (created, kind and subject, recipient, status,
 * attempts, error excerpt, "Details", "Resend") and, when opened, the detail row. "Resend" asks first;
 * the answer replaces the email (`changed`). A 409 (another resend got there first, or it is
 * still in flight) shows the API's message, and the email is read again to show where it stands.
 */
@Component({
  selector: 'tbody[app-email-rows]',
  imports: [DatePipe, MatButton, EmailDetail],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    'data-testid': 'email',
    '[attr.data-email-id]': 'email().id',
    '[attr.data-status]': 'email().status',
  },
  template: `
    @let e = email();
    <tr data-testid="email-row">
      <td data-label="Created" class="time-cell">
        <time [attr.datetime]="e.createdAt" [attr.title]="e.createdAt | date: 'medium'" data-testid="email-created"
          ><span class="nowrap">{{ e.createdAt | date: 'mediumDate' }}</span>
          <span class="nowrap muted small">{{ e.createdAt | date: 'shortTime' }}</span></time
        >
      </td>
      <td data-label="Email" class="wrap-cell">
        <div>
          <div data-testid="email-kind">{{ kindLabels[e.kind] }}</div>
          <div class="muted small" data-testid="email-subject">{{ e.subject ?? 'No subject yet' }}</div>
        </div>
      </td>
      <td data-label="Recipient" class="wrap-cell address" data-testid="email-recipient">
        @if (e.to) {
          {{ e.to }}
        } @else {
          <span class="muted">{{ adminEmail() ? 'Admin address' : '—' }}</span>
        }
      </td>
      <td data-label="Status">
        <span class="status tone-{{ tones[e.status] }}" data-testid="email-status">{{ statusLabels[e.status] }}</span>
      </td>
      <td data-label="Attempts" class="num" data-testid="email-attempts">{{ e.attempts }}</td>
      <td data-label="Last error" class="wrap-cell error-cell" data-testid="email-error">
        @if (excerpt(); as text) {
          <span [attr.title]="e.lastError">{{ text }}</span>
        } @else {
          <span class="muted">—</span>
        }
      </td>
      <td data-label="Actions" class="row-actions">
        <div class="actions-stack">
          <button
            mat-stroked-button
            type="button"
            (click)="expanded.set(!expanded())"
            [attr.aria-expanded]="expanded()"
            [attr.aria-controls]="detailId()"
            data-testid="email-details-toggle"
          >
            {{ expanded() ? 'Hide details' : 'Details' }}
          </button>
          <button
            mat-flat-button
            type="button"
            (click)="askToResend()"
            [disabled]="!!blockedReason() || resending()"
            [disabledInteractive]="true"
            [attr.aria-describedby]="blockedReason() ? blockedId() : null"
            data-testid="email-resend"
          >
            {{ resending() ? 'Resending…' : 'Resend' }}
          </button>
          @if (blockedReason(); as reason) {
            <p class="muted small blocked" [id]="blockedId()" data-testid="email-resend-blocked">{{ reason }}</p>
          }
        </div>
      </td>
    </tr>
    @if (notice(); as n) {
      <tr class="notice-row">
        <td colspan="7">
          @if (n.kind === 'queued') {
            <div class="alert alert-success" role="status" data-testid="email-resend-outcome" data-outcome="queued">
              <p>Queued to be sent again.</p>
            </div>
          } @else {
            <div class="alert alert-error" role="alert" data-testid="email-resend-outcome" data-outcome="refused">
              <p>Not resent: {{ n.message }}</p>
            </div>
          }
        </td>
      </tr>
    }
    @if (expanded()) {
      <tr class="detail-row" [id]="detailId()">
        <td colspan="7"><app-email-detail [email]="e" /></td>
      </tr>
    }
  `,
  styleUrl: './email-rows.scss',
})
export class EmailRows {
  private readonly api = inject(EmailsApi);
  private readonly dialog = inject(MatDialog);
  private readonly destroyRef = inject(DestroyRef);

  readonly email = input.required<AdminEmail>();
  /** The email as the API answered a resend (or a read after a refused one). */
  readonly changed = output<AdminEmail>();

  protected readonly expanded = signal(false);
  protected readonly resending = signal(false);
  protected readonly notice = signal<ResendNotice | null>(null);
  protected readonly excerpt = computed(() => errorExcerpt(this.email().lastError));
  protected readonly blockedReason = computed(() => resendBlockedReason(this.email().status));
  protected readonly adminEmail = computed(() => isAdminEmail(this.email().kind));
  protected readonly detailId = computed(() => `email-detail-${this.email().id}`);
  protected readonly blockedId = computed(() => `email-blocked-${this.email().id}`);

  protected readonly kindLabels = EMAIL_KIND_LABELS;
  protected readonly statusLabels = EMAIL_STATUS_LABELS;
  protected readonly tones = EMAIL_STATUS_TONES;

  protected askToResend(): void {
    if (this.blockedReason() || this.resending()) return;
    const email = this.email();
    this.notice.set(null);
    this.dialog
      .open<ResendEmailDialog, AdminEmail, boolean>(ResendEmailDialog, {
        data: email,
        width: '30rem',
        maxWidth: 'calc(100vw - 32px)',
      })
      .afterClosed()
      .pipe(
        filter((confirmed) => confirmed === true),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe(() => this.resend(email.id));
  }

  private resend(id: string): void {
    this.resending.set(true);
    this.api
      .resend(id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: ({ email }) => {
          this.resending.set(false);
          this.notice.set({ kind: 'queued' });
          this.changed.emit(email);
        },
        error: (err: unknown) => {
          const error = toApiError(err);
          this.resending.set(false);
          this.notice.set({ kind: 'refused', message: error.message });
          if (error.code === 'email_in_flight') this.readAgain(id);
        },
      });
  }

  /** The row still shows a settled email the API says is moving: show where it stands now. */
  private readAgain(id: string): void {
    this.api
      .get(id)
      .pipe(
        catchError(() => EMPTY),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((email) => this.changed.emit(email));
  }
}
