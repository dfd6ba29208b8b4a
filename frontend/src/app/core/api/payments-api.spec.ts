import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { PaymentsApi } from './payments-api';
import { aPayment } from '../../testing/fixtures';

describe('PaymentsApi', () => {
  let api: PaymentsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(PaymentsApi);
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

  it('captures a PayPal order by its id', async () => {
    const result = firstValueFrom(api.capturePaypal('ORDER-1'));
    const req = http.expectOne('/api/payments/paypal/capture/ORDER-1');
    expect(req.request.method).toBe('POST');
    req.flush(aPayment({ status: 'completed' }));
    expect((await result).status).toBe('completed');
  });

  it('gets one payment', async () => {
    const result = firstValueFrom(api.get('p1'));
    const req = http.expectOne('/api/payments/p1');
    expect(req.request.method).toBe('GET');
    req.flush(aPayment({ id: 'p1' }));
    expect((await result).id).toBe('p1');
  });

  it('asks for a provider refresh only when told to', async () => {
    const result = firstValueFrom(api.get('p1', { refresh: true }));
    http.expectOne('/api/payments/p1?refresh=true').flush(aPayment({ id: 'p1', status: 'completed' }));
    expect((await result).status).toBe('completed');
  });

  it('pages the history with limit, cursor and status', async () => {
    const result = firstValueFrom(api.history({ limit: 5, cursor: 'abc', status: 'failed' }));
    const req = http.expectOne((r) => r.url === '/api/payments/history');
    expect(req.request.params.get('limit')).toBe('5');
    expect(req.request.params.get('cursor')).toBe('abc');
    expect(req.request.params.get('status')).toBe('failed');
    req.flush({ items: [aPayment()], nextCursor: 'def' });
    expect((await result).nextCursor).toBe('def');
  });

  it('asks for 20 payments without a cursor by default', () => {
    api.history().subscribe();
    const req = http.expectOne((r) => r.url === '/api/payments/history');
    expect(req.request.params.keys()).toEqual(['limit']);
    expect(req.request.params.get('limit')).toBe('20');
    req.flush({ items: [], nextCursor: null });
  });
});
