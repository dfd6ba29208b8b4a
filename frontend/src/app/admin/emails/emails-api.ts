import { HttpClient, HttpParameterCodec, HttpParams, HttpUrlEncodingCodec } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { Page } from '../admin-models';
import { EmailFilters } from './email-filters';
import { AdminEmail, ResendResult } from './email-models';

export const EMAILS_PAGE_SIZE = 25;

/**
 * Angular leaves `+` unescaped in query values and the server reads it as a space, so a search
 * for `ana+1@example.com` would look for `ana 1@example.com`: values are escaped in full.
 */
class StrictValueCodec extends HttpUrlEncodingCodec implements HttpParameterCodec {
  override encodeValue(value: string): string {
    return encodeURIComponent(value);
  }
}

/** The email outbox: list with filters (newest first), one email, resend. */
@Injectable({ providedIn: 'root' })
export class EmailsApi {
  private readonly http = inject(HttpClient);

  list(filters: EmailFilters, cursor: string | null): Observable<Page<AdminEmail>> {
    let params = new HttpParams({ encoder: new StrictValueCodec() }).set('limit', EMAILS_PAGE_SIZE);
    if (filters.status) params = params.set('status', filters.status);
    if (filters.kind) params = params.set('kind', filters.kind);
    if (filters.q) params = params.set('q', filters.q);
    if (cursor) params = params.set('cursor', cursor);
    return this.http.get<Page<AdminEmail>>('/api/admin/emails', { params });
  }

  get(id: string): Observable<AdminEmail> {
    return this.http.get<AdminEmail>(`/api/admin/emails/${encodeURIComponent(id)}`);
  }

  /** Queues a settled email (sent, failed, skipped) again; 409 `email_in_flight` while it is still moving. */
  resend(id: string): Observable<ResendResult> {
    return this.http.post<ResendResult>(`/api/admin/emails/${encodeURIComponent(id)}/resend`, null);
  }
}
