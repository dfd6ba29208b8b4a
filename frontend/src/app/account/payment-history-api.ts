import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { Page } from '../core/api/page';
import { Payment, PaymentStatus } from '../core/payments/payment-models';

export interface HistoryQuery {
  limit?: number;
  cursor?: string | null;
  status?: PaymentStatus | null;
}

/** The student's payments, newest first. */
@Injectable({ providedIn: 'root' })
export class PaymentHistoryApi {
  private readonly http = inject(HttpClient);

  history(query: HistoryQuery = {}): Observable<Page<Payment>> {
    let params = new HttpParams().set('limit', String(query.limit ?? 20));
    if (query.cursor) params = params.set('cursor', query.cursor);
    if (query.status) params = params.set('status', query.status);
    return this.http.get<Page<Payment>>('/api/payments/history', { params });
  }
}
