import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { AdminPaymentsApi } from './admin-payments-api';
import { aPaymentDetail, aRefund } from '../../testing/admin-fixtures';

describe('AdminPaymentsApi', () => {
  let api: AdminPaymentsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(AdminPaymentsApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('when searching, then every set filter, the cursor and the page size become the query string', async () => {
    const result = firstValueFrom(
      api.search({
        q: 'ana',
        status: 'completed',
        currency: 'KWD',
        minAmount: 1250,
        maxAmount: 0,
        from: '2026-03-01',
        cursor: 'c2',
        reference: undefined,
      }),
    );
    const req = http.expectOne((r) => r.url === '/api/admin/payments');
    expect(req.request.method).toBe('GET');
    expect(req.request.urlWithParams).toBe(
      '/api/admin/payments?limit=25&q=ana&status=completed&currency=KWD&minAmount=1250&maxAmount=0&from=2026-03-01&cursor=c2',
    );
    req.flush({ items: [], nextCursor: 'c3' });
    expect((await result).nextCursor).toBe('c3');
  });

  it('when the caller gives a page size, then that one is asked for', () => {
    api.search({ limit: 5 }).subscribe();
    const req = http.expectOne((r) => r.url === '/api/admin/payments');
    expect(req.request.params.keys()).toEqual(['limit']);
    expect(req.request.params.get('limit')).toBe('5');
    req.flush({ items: [], nextCursor: null });
  });

  it('when one payment is read, then its id is in the path', async () => {
    const detail = aPaymentDetail();
    const result = firstValueFrom(api.payment('p 1'));
    http.expectOne('/api/admin/payments/p%201').flush(detail);
    expect(await result).toEqual(detail);
  });

  it('when refunding, then it posts amount and reason with the Idempotency-Key and gives the refund', async () => {
    const refund = aRefund({ status: 'succeeded' });
    const result = firstValueFrom(api.refund('p1', { amount: 1250, reason: 'Asked by email' }, 'key-1'));
    const req = http.expectOne('/api/payments/refund/p1');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ amount: 1250, reason: 'Asked by email' });
    expect(req.request.headers.get('Idempotency-Key')).toBe('key-1');
    req.flush({ refund }, { status: 201, statusText: 'Created' });
    expect(await result).toEqual(refund);
  });
});
