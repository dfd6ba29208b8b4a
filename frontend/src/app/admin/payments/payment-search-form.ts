import { ChangeDetectionStrategy, Component, effect, inject, input, output, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { CurrencyStore } from '../../core/money/currency-store';
import { PAYMENT_LABELS, PROVIDER_LABELS, STATUS_LABELS } from '../../core/payments/payment-labels';
import { PaymentFilters } from './payment-search';
import { SearchFormValues, filtersOf, formValuesOf } from './search-form-values';

/**
 * The payments search form. It shows the search it is given (the one in the address) and emits
 * the one the admin asks for; amounts are typed in the chosen currency's major units.
 */
@Component({
  selector: 'app-payment-search-form',
  imports: [ReactiveFormsModule, MatButton, MatError, MatFormField, MatHint, MatLabel, MatInput],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './payment-search-form.html',
  styleUrl: './payment-search-form.scss',
})
export class PaymentSearchForm {
  protected readonly currencies = inject(CurrencyStore);

  readonly filters = input.required<PaymentFilters>();
  readonly searched = output<PaymentFilters>();

  private readonly exponentOf = (currency: string) => this.currencies.exponentOf(currency);

  protected readonly statuses = Object.entries(STATUS_LABELS);
  protected readonly labels = Object.entries(PAYMENT_LABELS);
  protected readonly providers = Object.entries(PROVIDER_LABELS);

  protected readonly form = inject(NonNullableFormBuilder).group<SearchFormValues>({
    q: '',
    status: '',
    label: '',
    provider: '',
    currency: '',
    from: '',
    to: '',
    minAmount: '',
    maxAmount: '',
    reference: '',
    sort: '',
  });

  constructor() {
    this.currencies.load();
    // A new search in the address (a link, Back) replaces what the form shows.
    effect(() => {
      const filters = this.filters();
      untracked(() => this.form.reset(formValuesOf(filters, this.exponentOf)));
    });
  }

  protected error(key: keyof SearchFormValues): string | null {
    return (this.form.controls[key].getError('search') as string | undefined) ?? null;
  }

  protected submit(): void {
    const result = filtersOf(this.form.getRawValue(), this.exponentOf);
    if (!result.ok) {
      for (const [key, message] of Object.entries(result.errors)) {
        this.form.controls[key as keyof SearchFormValues].setErrors({ search: message });
      }
      this.form.markAllAsTouched();
      return;
    }
    this.searched.emit(result.filters);
  }

  protected clear(): void {
    this.form.reset();
    this.searched.emit({});
  }
}
