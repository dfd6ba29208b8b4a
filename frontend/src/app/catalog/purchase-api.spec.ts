import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { PurchaseApi } from './purchase-api';

describe('PurchaseApi', () => {
  let api: PurchaseApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(PurchaseApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('when starting a checkout, then it posts the provider and currency with an Idempotency-Key', async () => {
    const result = firstValueFrom(api.checkout('c1', { provider: 'stripe', currency: 'EUR' }, 'key-1'));

    const req = http.expectOne('/api/payments/checkout/c1');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ provider: 'stripe', currency: 'EUR' });
    expect(req.request.headers.get('Idempotency-Key')).toBe('key-1');
    req.flush(
      { paymentId: 'p1', provider: 'stripe', providerSessionId: 'cs_1', checkoutUrl: 'http://sandbox/pay' },
      { status: 201, statusText: 'Created' },
    );

    expect((await result).checkoutUrl).toBe('http://sandbox/pay');
  });

  it('when no currency is chosen, then the body leaves it out', () => {
    api.checkout('c 2', { provider: 'paypal' }, 'key-2').subscribe();
    const req = http.expectOne('/api/payments/checkout/c%202');
    expect(req.request.body).toEqual({ provider: 'paypal' });
    req.flush({});
  });

  it('when paying with a saved PayPal wallet, then the body names it', () => {
    api
      .checkout('c1', { provider: 'paypal', currency: 'EUR', expectedAmount: 4900, paymentMethodId: 'pm-p' }, 'key-3')
      .subscribe();
    const req = http.expectOne('/api/payments/checkout/c1');
    expect(req.request.body).toEqual({
      provider: 'paypal',
      currency: 'EUR',
      expectedAmount: 4900,
      paymentMethodId: 'pm-p',
    });
    req.flush({});
  });
});
