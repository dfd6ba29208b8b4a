import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { CURRENCY_STORAGE_KEY, CurrencyStore } from './currency-store';

const CURRENCIES = {
  defaultCurrency: 'USD',
  items: [
    { code: 'USD', exponent: 2 },
    { code: 'EUR', exponent: 2 },
    { code: 'JPY', exponent: 0 },
  ],
};

describe('CurrencyStore', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('uses the API default until the student chooses, and remembers the choice', () => {
    const store = TestBed.inject(CurrencyStore);
    store.load();
    store.load(); // only one request
    http.expectOne('/api/currencies').flush(CURRENCIES);
    expect(store.selected()).toBe('USD');

    store.select('JPY');
    expect(store.selected()).toBe('JPY');
    expect(localStorage.getItem(CURRENCY_STORAGE_KEY)).toBe('JPY');
    expect(store.exponentOf('JPY')).toBe(0);
  });

  it('restores a remembered currency', () => {
    localStorage.setItem(CURRENCY_STORAGE_KEY, 'EUR');
    const store = TestBed.inject(CurrencyStore);
    store.load();
    http.expectOne('/api/currencies').flush(CURRENCIES);
    expect(store.selected()).toBe('EUR');
  });

  it('falls back to the default when the remembered currency is no longer supported', () => {
    localStorage.setItem(CURRENCY_STORAGE_KEY, 'CHF');
    const store = TestBed.inject(CurrencyStore);
    store.load();
    http.expectOne('/api/currencies').flush(CURRENCIES);
    expect(store.selected()).toBe('USD');
  });

  it('still works with ISO exponents when the list cannot be loaded', () => {
    const store = TestBed.inject(CurrencyStore);
    store.load();
    http.expectOne('/api/currencies').flush(null, { status: 500, statusText: 'Server Error' });
    expect(store.currencies().map((c) => c.code)).toContain('EUR');
    expect(store.exponentOf('KWD')).toBe(3);
  });
});
