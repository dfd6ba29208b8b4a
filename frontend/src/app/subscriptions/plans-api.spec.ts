import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { PlansApi } from './plans-api';
import { aPlan } from '../testing/fixtures';

describe('PlansApi', () => {
  let api: PlansApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(PlansApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('lists the plans priced in the chosen currency', async () => {
    const result = firstValueFrom(api.list('EUR'));
    http.expectOne('/api/plans?currency=EUR').flush({ items: [aPlan()] });
    expect(await result).toEqual([aPlan()]);
  });

  it('lists the plans in the default currency when none is chosen', () => {
    api.list(null).subscribe();
    http.expectOne('/api/plans').flush({ items: [] });
  });

  it('when subscribing, then it posts the provider and currency with an Idempotency-Key', async () => {
    const result = firstValueFrom(api.checkout('plan m', { provider: 'stripe', currency: 'EUR' }, 'key-1'));
    const req = http.expectOne('/api/subscriptions/checkout/plan%20m');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ provider: 'stripe', currency: 'EUR' });
    expect(req.request.headers.get('Idempotency-Key')).toBe('key-1');
    req.flush(
      { subscriptionId: 's1', provider: 'stripe', providerSessionId: 'cs_1', checkoutUrl: 'http://sandbox/pay/cs_1' },
      { status: 201, statusText: 'Created' },
    );
    expect((await result).checkoutUrl).toBe('http://sandbox/pay/cs_1');
  });

  it('when no currency is chosen, then the body leaves it out', () => {
    api.checkout('plan-y', { provider: 'paypal' }, 'key-2').subscribe();
    const req = http.expectOne('/api/subscriptions/checkout/plan-y');
    expect(req.request.body).toEqual({ provider: 'paypal' });
    req.flush({});
  });
});
