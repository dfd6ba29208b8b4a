import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { RevenueApi } from './revenue-api';

describe('RevenueApi', () => {
  let api: RevenueApi;
  let http: HttpTestingController;
  const query = { from: '2026-03-01', to: '2026-03-30', interval: 'day' as const };

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(RevenueApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('when the report is asked for, then from, to and interval go in the query string', async () => {
    const report = firstValueFrom(api.report({ ...query, interval: 'month' }));
    const req = http.expectOne('/api/admin/reports/revenue?from=2026-03-01&to=2026-03-30&interval=month');
    expect(req.request.method).toBe('GET');
    req.flush({ from: '2026-03-01', to: '2026-03-30', interval: 'month', currencies: [], converted: null });
    expect((await report).interval).toBe('month');
  });

  it('when the CSV is asked for, then it is the same URL with format=csv, read as a blob', async () => {
    const csv = firstValueFrom(api.csv(query));
    const req = http.expectOne('/api/admin/reports/revenue?from=2026-03-01&to=2026-03-30&interval=day&format=csv');
    expect(req.request.responseType).toBe('blob');
    const body = new Blob(['period,currency,gross,refunds,disputes_lost,net,count\n'], { type: 'text/csv' });
    req.flush(body);
    expect(await csv).toBe(body);
  });
});
