import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { DriftReport } from '../admin-models';

export const DRIFT_PAGE_SIZE = 25;

/** The drift report (the latest run and the drift found, newest first) and "run one now". */
@Injectable({ providedIn: 'root' })
export class ReconciliationApi {
  private readonly http = inject(HttpClient);

  report(cursor: string | null): Observable<DriftReport> {
    let params = new HttpParams().set('limit', DRIFT_PAGE_SIZE);
    if (cursor) params = params.set('cursor', cursor);
    return this.http.get<DriftReport>('/api/admin/reconciliation', { params });
  }

  /** Runs a reconciliation now; answers with the report's first page (of the same size) after it. */
  run(): Observable<DriftReport> {
    const params = new HttpParams().set('limit', DRIFT_PAGE_SIZE);
    return this.http.post<DriftReport>('/api/admin/reconciliation/run', null, { params });
  }
}
