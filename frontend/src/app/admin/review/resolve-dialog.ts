import { ChangeDetectionStrategy, Component, DestroyRef, LOCALE_ID, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import {
  MAT_DIALOG_DATA,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogRef,
  MatDialogTitle,
} from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { toApiError } from '../../core/api/api-error';
import { CurrencyStore } from '../../core/money/currency-store';
import { Money } from '../../core/money/money-models';
import { formatMoney } from '../../core/money/money';
import { PROVIDER_LABELS } from '../../core/payments/payment-labels';
import { ResolvedPayment, ReviewItem, ReviewResolution } from '../admin-models';
import { NOTE_MAX_LENGTH, checkNote, normalizeNote } from '../note-text';
import { ReviewApi } from './review-api';

export interface ResolveDialogData {
  item: ReviewItem;
  resolution: ReviewResolution;
}

/** How the dialog ended: resolved now, or found resolved already (409 `not_in_review`). */
export type ResolveResult = { kind: 'resolved'; payment: ResolvedPayment } | { kind: 'already_resolved' };

/**
 * "Accept and enroll" or "Refund" a payment in review, with the note the audit log keeps. It
 * says what will happen, sends the resolution, and closes with the outcome; other failures stay
 * in the dialog to try again.
 */
@Component({
  selector: 'app-resolve-dialog',
  imports: [
    ReactiveFormsModule,
    MatButton,
    MatDialogTitle,
    MatDialogContent,
    MatDialogActions,
    MatDialogClose,
    MatFormField,
    MatLabel,
    MatHint,
    MatError,
    MatInput,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './resolve-dialog.html',
})
export class ResolveDialog {
  private readonly api = inject(ReviewApi);
  private readonly dialogRef = inject<MatDialogRef<ResolveDialog, ResolveResult>>(MatDialogRef);
  private readonly destroyRef = inject(DestroyRef);
  private readonly data = inject<ResolveDialogData>(MAT_DIALOG_DATA);
  private readonly currencies = inject(CurrencyStore);
  private readonly locale = inject(LOCALE_ID);

  protected readonly item = this.data.item;
  protected readonly resolution = this.data.resolution;
  protected readonly provider = PROVIDER_LABELS[this.item.provider];
  protected readonly noteMax = NOTE_MAX_LENGTH;
  /** What the resolution does, in one sentence. */
  protected readonly consequence = this.describe();
  protected readonly form = inject(NonNullableFormBuilder).group({ note: '' });
  protected readonly sending = signal(false);
  protected readonly error = signal<string | null>(null);

  protected noteError(): string | null {
    return (this.form.controls.note.getError('note') as string | undefined) ?? null;
  }

  protected noteLength(): number {
    return normalizeNote(this.form.controls.note.value).length;
  }

  protected submit(): void {
    if (this.sending()) return;
    const note = checkNote(this.form.controls.note.value, 'note');
    if (!note.ok) {
      this.form.controls.note.setErrors({ note: note.message });
      this.form.markAllAsTouched();
      return;
    }
    this.sending.set(true);
    this.dialogRef.disableClose = true;
    this.error.set(null);
    this.api
      .resolve(this.item.id, this.resolution, note.text)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (payment) => this.finish({ kind: 'resolved', payment }),
        error: (err: unknown) => {
          const error = toApiError(err);
          if (error.code === 'not_in_review') {
            this.finish({ kind: 'already_resolved' });
            return;
          }
          this.sending.set(false);
          this.dialogRef.disableClose = false;
          this.error.set(error.message);
        },
      });
  }

  private describe(): string {
    const { amount, confirmedAmount, course, user } = this.item;
    if (this.resolution === 'accept') {
      const access = course ? `they are enrolled in ${course.title}` : 'their subscription starts';
      return `The payment of ${this.format(amount)} by ${user.email} completes: ${access} and they get an invoice.`;
    }
    const refunded = confirmedAmount
      ? `the ${this.format(confirmedAmount)} ${this.provider} confirmed`
      : `what ${this.provider} confirmed`;
    return `The checkout is canceled and ${refunded} is refunded in full to ${user.email}.`;
  }

  private format(money: Money): string {
    return formatMoney(money.amount, money.currency, this.currencies.exponentOf(money.currency), this.locale);
  }

  private finish(result: ResolveResult): void {
    this.dialogRef.disableClose = false;
    this.dialogRef.close(result);
  }
}
