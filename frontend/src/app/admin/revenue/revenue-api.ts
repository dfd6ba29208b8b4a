import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { RevenueReport } from '../admin-models';
import { RevenueQuery } from './revenue-query';

const URL = '/api/admin/reports/revenue';

/** The revenue report per currency and period, as JSON or as the CSV export. */
@Injectable({ providedIn: 'root' })
export class RevenueApi {
  private readonly http = inject(HttpClient);

  report(query: RevenueQuery): Observable<RevenueReport> {
    return this.http.get<RevenueReport>(URL, { params: paramsOf(query) });
  }

  /** The same report as CSV (amounts in major units), for a download. */
  csv(query: RevenueQuery): Observable<Blob> {
    return this.http.get(URL, { params: paramsOf(query).set('format', 'csv'), responseType: 'blob' });
  }
}

function paramsOf(query: RevenueQuery): HttpParams {
  return new HttpParams().set('from', query.from).set('to', query.to).set('interval', query.interval);
}
