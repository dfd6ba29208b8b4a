import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { ReconciliationApi } from './reconciliation-api';

describe('ReconciliationApi', () => {
  let api: ReconciliationApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(ReconciliationApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('when a page of the report is asked for, then it is a GET with the page size and the cursor', async () => {
    const report = firstValueFrom(api.report('c2'));
    const req = http.expectOne('/api/admin/reconciliation?limit=25&cursor=c2');
    expect(req.request.method).toBe('GET');
    req.flush({ items: [], nextCursor: null, latestRun: null });
    expect((await report).latestRun).toBeNull();
  });

  it('when the first page is asked for, then no cursor is sent', () => {
    api.report(null).subscribe();
    http.expectOne('/api/admin/reconciliation?limit=25').flush({ items: [], nextCursor: null, latestRun: null });
  });

  it('when a run is asked for, then it is a POST to the run URL with the page size and no body', () => {
    api.run().subscribe();
    const req = http.expectOne('/api/admin/reconciliation/run?limit=25');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toBeNull();
    req.flush({ items: [], nextCursor: null, latestRun: null });
  });
});
