import { HttpClient, HttpParameterCodec, HttpParams, HttpUrlEncodingCodec } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { AdminSubscriptionRow, Page } from '../admin-models';
import { SubscriptionFilters } from './subscription-filters';

export const SUBSCRIPTIONS_PAGE_SIZE = 25;

/**
 * Angular leaves `+` unescaped in query values and the server reads it as a space, so a search
 * for `ana+1@example.com` would look for `ana 1@example.com`: values are escaped in full.
 */
class StrictValueCodec extends HttpUrlEncodingCodec implements HttpParameterCodec {
  override encodeValue(value: string): string {
    return encodeURIComponent(value);
  }
}

/** GET /api/admin/subscriptions: every student's subscriptions, newest first. */
@Injectable({ providedIn: 'root' })
export class AdminSubscriptionsApi {
  private readonly http = inject(HttpClient);

  list(filters: SubscriptionFilters, cursor: string | null): Observable<Page<AdminSubscriptionRow>> {
    let params = new HttpParams({ encoder: new StrictValueCodec() }).set('limit', SUBSCRIPTIONS_PAGE_SIZE);
    if (filters.status) params = params.set('status', filters.status);
    if (filters.provider) params = params.set('provider', filters.provider);
    if (filters.q) params = params.set('q', filters.q);
    if (cursor) params = params.set('cursor', cursor);
    return this.http.get<Page<AdminSubscriptionRow>>('/api/admin/subscriptions', { params });
  }
}
