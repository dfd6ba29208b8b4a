import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  LOCALE_ID,
  afterNextRender,
  computed,
  inject,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import {
  MAT_DIALOG_DATA,
  MatDialogActions,
  MatDialogContent,
  MatDialogRef,
  MatDialogTitle,
} from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { toApiError } from '../../core/api/api-error';
import { newIdempotencyKey } from '../../core/browser/idempotency-key';
import { Money } from '../../core/money/money-models';
import { formatMoney } from '../../core/money/money';
import { CurrencyStore } from '../../core/money/currency-store';
import { MoneyPipe } from '../../core/money/money-pipe';
import { PROVIDER_LABELS } from '../../core/payments/payment-labels';
import { AdminPaymentDetail, AdminRefund } from '../admin-models';
import { NOTE_MAX_LENGTH, checkNote, normalizeNote } from '../note-text';
import { AdminPaymentsApi } from './admin-payments-api';
import { checkRefundAmount } from './refund-amount';
import { RefundFailure, RefundOutcome, refundFailure, refundOutcome } from './refund-outcome';

export interface RefundDialogData {
  payment: AdminPaymentDetail['payment'];
}

/** A confirmed refund: what is sent, and the one key every attempt to send it carries. */
interface RefundAsk {
  amount: Money;
  reason: string;
  idempotencyKey: string;
}

/**
 * Refunds a payment in three steps: choose full or part of what is left and say why; confirm the
 * amount spelled out; see what the provider answered. Closing is blocked while the request runs.
 */
@Component({
  selector: 'app-refund-dialog',
  imports: [
    ReactiveFormsModule,
    MatButton,
    MatDialogTitle,
    MatDialogContent,
    MatDialogActions,
    MatFormField,
    MatLabel,
    MatHint,
    MatError,
    MatInput,
    MoneyPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './refund-dialog.html',
  styleUrl: './refund-dialog.scss',
})
export class RefundDialog {
  private readonly api = inject(AdminPaymentsApi);
  private readonly dialogRef = inject<MatDialogRef<RefundDialog, AdminRefund | undefined>>(MatDialogRef);
  private readonly currencies = inject(CurrencyStore);
  private readonly locale = inject(LOCALE_ID);
  private readonly destroyRef = inject(DestroyRef);
  private readonly injector = inject(Injector);

  protected readonly payment = inject<RefundDialogData>(MAT_DIALOG_DATA).payment;
  /** The payment changed: a refund was made (it), or the API counted it differently (null). */
  readonly changed = output<AdminRefund | null>();

  protected readonly provider = PROVIDER_LABELS[this.payment.provider];
  protected readonly exponent = this.currencies.exponentOf(this.payment.amount.currency);
  protected readonly noteMax = NOTE_MAX_LENGTH;
  /** What is left to refund, as the API last counted it. */
  protected readonly refundable = signal<Money>(this.payment.refundableAmount);
  protected readonly step = signal<'form' | 'confirm' | 'done'>('form');
  protected readonly ask = signal<RefundAsk | null>(null);
  protected readonly sending = signal(false);
  protected readonly failure = signal<RefundFailure | null>(null);
  protected readonly outcome = signal<RefundOutcome | null>(null);
  protected readonly confirmLabel = computed(() => {
    const ask = this.ask();
    return this.failure() ? 'Try again' : ask ? `Refund ${this.format(ask.amount)}` : 'Refund';
  });
  private refund: AdminRefund | undefined;

  protected readonly form = inject(NonNullableFormBuilder).group({
    kind: 'full' as 'full' | 'partial',
    amount: '',
    reason: '',
  });

  private readonly stepStart = viewChild<ElementRef<HTMLElement>>('stepStart');

  protected error(key: 'amount' | 'reason'): string | null {
    return (this.form.controls[key].getError('refund') as string | undefined) ?? null;
  }

  protected reasonLength(): number {
    return normalizeNote(this.form.controls.reason.value).length;
  }

  protected format(money: Money): string {
    return formatMoney(money.amount, money.currency, this.exponent, this.locale);
  }

  /** Checks the form and shows the confirmation, with a new key: a new confirmation is a new refund. */
  protected continue(): void {
    const { kind, amount, reason } = this.form.getRawValue();
    // A full refund sends the amount shown, so the refund is what was confirmed even if another
    // refund lands meanwhile (the API then answers 422 rather than refunding less).
    const checkedAmount =
      kind === 'full'
        ? { ok: true as const, amount: this.refundable() }
        : checkRefundAmount(amount, this.refundable(), this.exponent);
    const checkedReason = checkNote(reason, 'reason');
    if (!checkedAmount.ok) this.form.controls.amount.setErrors({ refund: checkedAmount.message });
    if (!checkedReason.ok) this.form.controls.reason.setErrors({ refund: checkedReason.message });
    if (!checkedAmount.ok || !checkedReason.ok) {
      this.form.markAllAsTouched();
      return;
    }
    this.failure.set(null);
    this.ask.set({ amount: checkedAmount.amount, reason: checkedReason.text, idempotencyKey: newIdempotencyKey() });
    this.show('confirm');
  }

  protected back(): void {
    this.ask.set(null);
    this.show('form');
  }

  /** Sends the confirmed refund; a retry after a failure sends it again with the same key. */
  protected send(): void {
    const ask = this.ask();
    if (!ask || this.sending()) return;
    this.sending.set(true);
    this.dialogRef.disableClose = true;
    this.failure.set(null);
    this.api
      .refund(this.payment.id, { amount: ask.amount.amount, reason: ask.reason }, ask.idempotencyKey)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (refund) => {
          this.settle();
          this.refund = refund;
          this.outcome.set(refundOutcome(refund, this.provider, this.format(refund.amount), this.payment.user.email));
          this.changed.emit(refund);
          this.show('done');
        },
        error: (err: unknown) => {
          this.settle();
          const failure = refundFailure(toApiError(err), (money) => this.format(money));
          this.failure.set(failure);
          if (failure.refundable) this.refundable.set(failure.refundable);
          if (failure.stale) this.changed.emit(null);
          if (failure.chooseAgain) this.back();
        },
      });
  }

  protected close(): void {
    this.dialogRef.close(this.refund);
  }

  private settle(): void {
    this.sending.set(false);
    this.dialogRef.disableClose = false;
  }

  /** Moves to a step and puts focus at its start, so the next Tab is in the step's content. */
  private show(step: 'form' | 'confirm' | 'done'): void {
    this.step.set(step);
    afterNextRender({ write: () => this.stepStart()?.nativeElement.focus() }, { injector: this.injector });
  }
}
