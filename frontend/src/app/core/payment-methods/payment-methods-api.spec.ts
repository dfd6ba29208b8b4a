import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { PaymentMethodsApi } from './payment-methods-api';
import { aCard, aPaypalWallet } from '../../testing/fixtures';

describe('PaymentMethodsApi', () => {
  let api: PaymentMethodsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(PaymentMethodsApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it("lists the student's saved methods as the API orders them (newest first), without refreshing", async () => {
    const result = firstValueFrom(api.list());
    const req = http.expectOne((r) => r.url === '/api/payment-methods');
    expect(req.request.method).toBe('GET');
    expect(req.request.params.has('refresh')).toBe(false);
    req.flush({ items: [aPaypalWallet(), aCard()] });
    expect((await result).map((m) => m.id)).toEqual(['pm-paypal-1', 'pm-card-1']);
  });

  it('when told to refresh, then it asks the server to re-read the providers first', () => {
    api.list({ refresh: true }).subscribe();
    http.expectOne('/api/payment-methods?refresh=true').flush({ items: [] });
  });
});
