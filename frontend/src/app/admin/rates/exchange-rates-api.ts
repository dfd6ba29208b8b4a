import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { EcbImportResult, RateInput, RatesOverview, RatesSaved } from './exchange-rate-models';

const URL = '/api/admin/exchange-rates';

/** Exchange rates for admins: the rates in force, rates set by hand, an ECB daily file imported. */
@Injectable({ providedIn: 'root' })
export class ExchangeRatesApi {
  private readonly http = inject(HttpClient);

  overview(): Observable<RatesOverview> {
    return this.http.get<RatesOverview>(URL);
  }

  /** All or nothing: a 400 names every rate that is wrong. */
  save(rates: RateInput[]): Observable<RatesSaved> {
    return this.http.put<RatesSaved>(URL, rates);
  }

  /** Sends the ECB `eurofxref-daily.xml` file as it is. */
  importEcb(file: Blob): Observable<EcbImportResult> {
    return this.http.post<EcbImportResult>(`${URL}/import`, file, {
      headers: new HttpHeaders({ 'Content-Type': 'application/xml' }),
    });
  }
}
