import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { Subscription } from './subscription-models';

/** Reading the student's subscriptions. */
@Injectable({ providedIn: 'root' })
export class SubscriptionsApi {
  private readonly http = inject(HttpClient);

  /** Newest first, without their payments. */
  list(): Observable<Subscription[]> {
    return this.http.get<{ items: Subscription[] }>('/api/subscriptions').pipe(map((res) => res.items));
  }

  /**
   * One subscription with its cycle payments. With `refresh`, the server first asks the provider
   * for its latest state: the return page does so, since the student can arrive before the webhook.
   */
  get(id: string, options: { refresh?: boolean } = {}): Observable<Subscription> {
    const params = options.refresh ? new HttpParams().set('refresh', 'true') : undefined;
    return this.http.get<Subscription>(`/api/subscriptions/${encodeURIComponent(id)}`, { params });
  }
}
