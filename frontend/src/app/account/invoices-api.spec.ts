import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { InvoicesApi } from './invoices-api';
import { aDocument } from '../testing/fixtures';

describe('InvoicesApi', () => {
  let api: InvoicesApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(InvoicesApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('when given a cursor and a limit, then it asks for that page of documents', async () => {
    const result = firstValueFrom(api.list({ limit: 50, cursor: 'opaque==' }));
    const req = http.expectOne((r) => r.url === '/api/invoices');
    expect(req.request.method).toBe('GET');
    expect(req.request.params.get('limit')).toBe('50');
    expect(req.request.params.get('cursor')).toBe('opaque==');
    req.flush({ items: [aDocument({ kind: 'credit_note', number: 'CN-2026-000001' })], nextCursor: 'next' });
    const page = await result;
    expect(page.items[0].number).toBe('CN-2026-000001');
    expect(page.nextCursor).toBe('next');
  });

  it('when asked without a query, then it asks for the first 20 documents', () => {
    api.list().subscribe();
    const req = http.expectOne((r) => r.url === '/api/invoices');
    expect(req.request.params.keys()).toEqual(['limit']);
    expect(req.request.params.get('limit')).toBe('20');
    req.flush({ items: [], nextCursor: null });
  });
});
