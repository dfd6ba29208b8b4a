import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { CheckoutApi } from './checkout-api';
import { aDocument, aPayment } from '../testing/fixtures';

describe('CheckoutApi', () => {
  let api: CheckoutApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(CheckoutApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

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

  it("when asked for a payment's invoice, then it reads it as JSON by the payment id", async () => {
    const result = firstValueFrom(api.invoice('p 1'));
    const req = http.expectOne((r) => r.url === '/api/invoices/p%201');
    expect(req.request.method).toBe('GET');
    expect(req.request.params.get('format')).toBe('json');
    req.flush({ invoice: aDocument({ paymentId: 'p 1' }), creditNotes: [] });
    expect((await result).invoice.number).toBe('INV-2026-000042');
  });
});
