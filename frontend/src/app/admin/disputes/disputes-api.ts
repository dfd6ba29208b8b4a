import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { AdminDisputeRow, Page } from '../admin-models';
import { DisputeFilters } from './dispute-filters';

export const DISPUTES_PAGE_SIZE = 25;

/** GET /api/admin/disputes: every dispute, newest first. */
@Injectable({ providedIn: 'root' })
export class DisputesApi {
  private readonly http = inject(HttpClient);

  list(filters: DisputeFilters, cursor: string | null): Observable<Page<AdminDisputeRow>> {
    let params = new HttpParams().set('limit', DISPUTES_PAGE_SIZE);
    if (filters.status) params = params.set('status', filters.status);
    if (filters.provider) params = params.set('provider', filters.provider);
    if (cursor) params = params.set('cursor', cursor);
    return this.http.get<Page<AdminDisputeRow>>('/api/admin/disputes', { params });
  }
}
