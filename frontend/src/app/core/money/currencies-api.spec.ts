import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { CurrenciesApi } from './currencies-api';

describe('CurrenciesApi', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('returns the supported currencies', async () => {
    const result = firstValueFrom(TestBed.inject(CurrenciesApi).list());
    http.expectOne('/api/currencies').flush({ defaultCurrency: 'USD', items: [{ code: 'USD', exponent: 2 }] });
    expect((await result).defaultCurrency).toBe('USD');
  });
});
