import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { CurrencyStore } from './currency-store';

const names = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'currency' }) : null;

/** The "Currency" selector; the choice is remembered by CurrencyStore. */
@Component({
  selector: 'app-currency-select',
  imports: [MatFormField, MatLabel, MatInput],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-form-field appearance="outline" subscriptSizing="dynamic" class="currency-field">
      <mat-label>Currency</mat-label>
      <select matNativeControl (change)="onChange($event)" data-testid="currency-select">
        @for (currency of store.currencies(); track currency.code) {
          <option [value]="currency.code" [selected]="currency.code === store.selected()">
            {{ label(currency.code) }}
          </option>
        }
      </select>
    </mat-form-field>
  `,
  styles: `
    .currency-field {
      width: 12rem;
      max-width: 100%;
    }
  `,
})
export class CurrencySelect {
  protected readonly store = inject(CurrencyStore);

  constructor() {
    this.store.load();
  }

  protected label(code: string): string {
    const name = names?.of(code);
    return name && name !== code ? `${code} — ${name}` : code;
  }

  protected onChange(event: Event): void {
    this.store.select((event.target as HTMLSelectElement).value);
  }
}
