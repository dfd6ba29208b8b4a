import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  effect,
  inject,
  input,
  output,
  viewChild,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { ErrorAlert } from '../../core/ui/error-alert';
import { RateInput } from './exchange-rate-models';
import { distinctPairValidator, rateValidator } from './rate-validation';

/** A pair to edit: its codes and the rate in force, put in the form with focus on the rate. */
export interface RateDraft {
  base: string;
  quote: string;
  rate: string;
}

const CURRENCY = /^[A-Za-z]{3}$/;

/**
 * "Set a rate": base, quote, rate (a decimal string, checked as the server checks it) and an
 * optional date it applies from. Emits the rate to save; the page sends it and says how it went.
 */
@Component({
  selector: 'app-rate-form',
  imports: [ReactiveFormsModule, MatButton, MatFormField, MatLabel, MatError, MatHint, MatInput, ErrorAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate class="rate-form" data-testid="rate-form">
      <mat-form-field appearance="outline" class="code">
        <mat-label>Base</mat-label>
        <input matInput formControlName="base" maxlength="3" autocomplete="off" data-testid="rate-base" />
        @if (form.controls.base.invalid) {
          <mat-error>Three letters, e.g. EUR.</mat-error>
        }
      </mat-form-field>
      <mat-form-field appearance="outline" class="code">
        <mat-label>Quote</mat-label>
        <input matInput formControlName="quote" maxlength="3" autocomplete="off" data-testid="rate-quote" />
        @if (form.controls.quote.invalid) {
          <mat-error>Three letters, e.g. USD.</mat-error>
        }
      </mat-form-field>
      <mat-form-field appearance="outline" class="rate">
        <mat-label>Rate</mat-label>
        <input
          #rateInput
          matInput
          formControlName="rate"
          inputmode="decimal"
          autocomplete="off"
          data-testid="rate-value"
        />
        <mat-hint>Quote units per one base unit</mat-hint>
        @if (form.controls.rate.hasError('required')) {
          <mat-error>Enter the rate.</mat-error>
        } @else if (form.controls.rate.getError('rate'); as message) {
          <mat-error data-testid="rate-value-error">{{ message }}</mat-error>
        }
      </mat-form-field>
      <mat-form-field appearance="outline" class="date">
        <mat-label>Valid from</mat-label>
        <input matInput type="date" formControlName="validFrom" data-testid="rate-valid-from" />
        <mat-hint>Empty: now</mat-hint>
      </mat-form-field>
      <div class="submit">
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="rate-save">
          {{ saving() ? 'Saving…' : 'Save rate' }}
        </button>
      </div>
    </form>
    @if (form.hasError('samePair') && form.touched) {
      <p class="alert alert-error" role="alert" data-testid="rate-pair-error">Base and quote must differ.</p>
    }
    @if (error(); as message) {
      <app-error-alert [message]="message" data-testid="rate-save-error" />
    }
  `,
  styles: `
    .rate-form {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-start;
      gap: 8px 12px;
    }
    .code {
      width: 7rem;
    }
    .rate {
      width: 16rem;
    }
    .date {
      width: 11rem;
    }
    .submit {
      padding-top: 8px;
    }
  `,
})
export class RateForm {
  private readonly injector = inject(Injector);

  /** A pair to edit (from its row's "Edit"); a new object each time, so the same row can be edited again. */
  readonly draft = input<RateDraft | null>(null);
  readonly saving = input(false);
  /** Why the last save failed, as the API said it. */
  readonly error = input<string | null>(null);
  readonly save = output<RateInput>();

  private readonly rateInput = viewChild.required<ElementRef<HTMLInputElement>>('rateInput');

  protected readonly form = inject(NonNullableFormBuilder).group(
    {
      base: ['', [Validators.required, Validators.pattern(CURRENCY)]],
      quote: ['', [Validators.required, Validators.pattern(CURRENCY)]],
      rate: ['', [Validators.required, rateValidator]],
      validFrom: [''],
    },
    { validators: distinctPairValidator },
  );

  constructor() {
    effect(() => {
      const draft = this.draft();
      if (!draft) return;
      this.form.reset({ ...draft, validFrom: '' });
      afterNextRender(
        {
          write: () => {
            const field = this.rateInput().nativeElement;
            field.focus();
            field.select();
          },
        },
        { injector: this.injector },
      );
    });
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { base, quote, rate, validFrom } = this.form.getRawValue();
    this.save.emit({
      base: base.toUpperCase(),
      quote: quote.toUpperCase(),
      rate: rate.trim(),
      ...(validFrom ? { validFrom } : {}),
    });
  }
}
