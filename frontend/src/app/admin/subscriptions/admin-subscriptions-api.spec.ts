import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { AdminSubscriptionsApi } from './admin-subscriptions-api';

describe('AdminSubscriptionsApi', () => {
  let api: AdminSubscriptionsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(AdminSubscriptionsApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('when filters and a cursor are given, then they go in the query string with the page size', async () => {
    const page = firstValueFrom(api.list({ status: 'active', provider: 'stripe', q: 'ana+1@example.com' }, 'c2'));
    const req = http.expectOne((r) => r.url === '/api/admin/subscriptions');
    expect(req.request.method).toBe('GET');
    expect(req.request.params.get('limit')).toBe('25');
    expect(req.request.params.get('status')).toBe('active');
    expect(req.request.params.get('provider')).toBe('stripe');
    expect(req.request.params.get('q')).toBe('ana+1@example.com');
    expect(req.request.params.get('cursor')).toBe('c2');
    // `+` must reach the server as %2B, or it reads a space.
    expect(req.request.urlWithParams).toContain('q=ana%2B1%40example.com');
    req.flush({ items: [], nextCursor: null });
    expect((await page).items).toEqual([]);
  });

  it('when no filter is set, then only the page size is sent', () => {
    api.list({ status: null, provider: null, q: null }, null).subscribe();
    http.expectOne('/api/admin/subscriptions?limit=25').flush({ items: [], nextCursor: null });
  });
});
