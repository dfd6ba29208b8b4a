import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { AdminWebhookEvent, Page, ReplayResult } from '../admin-models';
import { WebhookFilters } from './webhook-filters';

export const WEBHOOK_EVENTS_PAGE_SIZE = 25;

/** The webhook inbox: list with filters (newest received first), one event, replay. */
@Injectable({ providedIn: 'root' })
export class WebhookEventsApi {
  private readonly http = inject(HttpClient);

  list(filters: WebhookFilters, cursor: string | null): Observable<Page<AdminWebhookEvent>> {
    let params = new HttpParams().set('limit', WEBHOOK_EVENTS_PAGE_SIZE);
    for (const [name, value] of Object.entries(filters)) {
      if (value) params = params.set(name, value);
    }
    if (cursor) params = params.set('cursor', cursor);
    return this.http.get<Page<AdminWebhookEvent>>('/api/admin/webhook-events', { params });
  }

  /** One event by our row id (not the provider's event id). */
  get(id: string): Observable<AdminWebhookEvent> {
    return this.http.get<AdminWebhookEvent>(`/api/admin/webhook-events/${encodeURIComponent(id)}`);
  }

  /** Processes the stored event again; 200 whatever the outcome. */
  replay(id: string): Observable<ReplayResult> {
    return this.http.post<ReplayResult>(`/api/admin/webhook-events/${encodeURIComponent(id)}/replay`, null);
  }
}
