import { Injectable, computed, inject, signal } from '@angular/core';
import { CurrenciesApi } from './currencies-api';
import { CurrencyInfo } from './money-models';
import { isoExponent } from './money';

export const CURRENCY_STORAGE_KEY = 'lms.currency';
const FALLBACK_CURRENCIES: CurrencyInfo[] = ['USD', 'EUR', 'GBP', 'JPY'].map((code) => ({
  code,
  exponent: isoExponent(code),
}));

/**
 * The currency the student browses in (remembered in localStorage) and the exponents
 * of the currencies the API supports.
 */
@Injectable({ providedIn: 'root' })
export class CurrencyStore {
  private readonly api = inject(CurrenciesApi);
  private readonly items = signal<CurrencyInfo[]>([]);
  private readonly defaultCurrency = signal('USD');
  private readonly chosen = signal<string | null>(readStoredCurrency());
  private requested = false;

  readonly loaded = signal(false);
  readonly currencies = computed(() => (this.items().length ? this.items() : FALLBACK_CURRENCIES));
  /** The selected currency code: the stored choice if supported, else the API default. */
  readonly selected = computed(() => {
    const choice = this.chosen();
    const supported = this.currencies().some((c) => c.code === choice);
    return choice && (supported || !this.loaded()) ? choice : this.defaultCurrency();
  });

  /** Loads the supported currencies once; safe to call from every page. */
  load(): void {
    if (this.requested) return;
    this.requested = true;
    this.api.list().subscribe({
      next: (res) => {
        this.items.set(res.items);
        this.defaultCurrency.set(res.defaultCurrency);
        this.loaded.set(true);
      },
      // Without the list we still work: ISO exponents and a default set of currencies.
      error: () => {
        this.requested = false;
        this.loaded.set(false);
      },
    });
  }

  select(code: string): void {
    this.chosen.set(code);
    try {
      localStorage.setItem(CURRENCY_STORAGE_KEY, code);
    } catch {
      // Storage can be unavailable (private mode); the choice then lasts for this visit.
    }
  }

  exponentOf(currency: string): number {
    return this.items().find((c) => c.code === currency.toUpperCase())?.exponent ?? isoExponent(currency);
  }
}

function readStoredCurrency(): string | null {
  try {
    return localStorage.getItem(CURRENCY_STORAGE_KEY);
  } catch {
    return null;
  }
}
