import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { ExchangeRatesApi } from './exchange-rates-api';

describe('ExchangeRatesApi', () => {
  let api: ExchangeRatesApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(ExchangeRatesApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('when the overview is asked for, then it is a GET of the rates', async () => {
    const overview = firstValueFrom(api.overview());
    const req = http.expectOne('/api/admin/exchange-rates');
    expect(req.request.method).toBe('GET');
    req.flush({ maxAgeDays: 7, items: [], upcoming: [] });
    expect((await overview).maxAgeDays).toBe(7);
  });

  it('when rates are saved, then they are PUT as a list with the rate as a string', () => {
    api.save([{ base: 'EUR', quote: 'USD', rate: '1.0842', validFrom: '2026-03-01' }]).subscribe();
    const req = http.expectOne('/api/admin/exchange-rates');
    expect(req.request.method).toBe('PUT');
    expect(req.request.body).toEqual([{ base: 'EUR', quote: 'USD', rate: '1.0842', validFrom: '2026-03-01' }]);
    req.flush({});
  });

  it('when an ECB file is imported, then the file itself is POSTed as application/xml', () => {
    const file = new File(['<gesmes:Envelope/>'], 'eurofxref-daily.xml', { type: 'text/xml' });
    api.importEcb(file).subscribe();
    const req = http.expectOne('/api/admin/exchange-rates/import');
    expect(req.request.method).toBe('POST');
    expect(req.request.headers.get('Content-Type')).toBe('application/xml');
    expect(req.request.body).toBe(file);
    req.flush({});
  });
});
