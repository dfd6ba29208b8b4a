import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { DisputesApi } from './disputes-api';

describe('DisputesApi', () => {
  let api: DisputesApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(DisputesApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('when filters and a cursor are given, then they go in the query string with the page size', async () => {
    const page = firstValueFrom(api.list({ status: 'lost', provider: 'paypal' }, 'c2'));
    const req = http.expectOne((r) => r.url === '/api/admin/disputes');
    expect(req.request.method).toBe('GET');
    expect(req.request.urlWithParams).toBe('/api/admin/disputes?limit=25&status=lost&provider=paypal&cursor=c2');
    req.flush({ items: [], nextCursor: 'c3' });
    expect((await page).nextCursor).toBe('c3');
  });

  it('when no filter is set, then only the page size is sent', () => {
    api.list({ status: null, provider: null }, null).subscribe();
    http.expectOne('/api/admin/disputes?limit=25').flush({ items: [], nextCursor: null });
  });
});
