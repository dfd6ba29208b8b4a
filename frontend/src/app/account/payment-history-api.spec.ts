import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { PaymentHistoryApi } from './payment-history-api';
import { aPayment } from '../testing/fixtures';

describe('PaymentHistoryApi', () => {
  let api: PaymentHistoryApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(PaymentHistoryApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

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
