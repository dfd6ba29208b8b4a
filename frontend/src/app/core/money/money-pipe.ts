import { LOCALE_ID, Pipe, PipeTransform, inject } from '@angular/core';
import { Money } from './money-models';
import { CurrencyStore } from './currency-store';
import { formatMoney } from './money';

/** `{{ course.price | money }}` — formats minor units with the currency's exponent. */
@Pipe({ name: 'money' })
export class MoneyPipe implements PipeTransform {
  private readonly currencies = inject(CurrencyStore);
  private readonly locale = inject(LOCALE_ID);

  transform(value: Money | null | undefined): string {
    if (!value) return '';
    return formatMoney(value.amount, value.currency, this.currencies.exponentOf(value.currency), this.locale);
  }
}
