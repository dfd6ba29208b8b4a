import { HttpClient, HttpHeaders, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { CheckoutSession, Page, Payment, PaymentProvider, PaymentStatus } from './models';

export interface HistoryQuery {
  limit?: number;
  cursor?: string | null;
  status?: PaymentStatus | null;
}

@Injectable({ providedIn: 'root' })
export class PaymentsApi {
  private readonly http = inject(HttpClient);

  /**
   * Starts a checkout. The caller passes one idempotency key per user action so a
   * double submit or a retried request never creates two payments.
   */
  checkout(
    courseId: string,
    body: { provider: PaymentProvider; currency?: string | null },
    idempotencyKey: string,
  ): Observable<CheckoutSession> {
    const payload: { provider: PaymentProvider; currency?: string } = { provider: body.provider };
    if (body.currency) payload.currency = body.currency;
    return this.http.post<CheckoutSession>(`/api/payments/checkout/${encodeURIComponent(courseId)}`, payload, {
      headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }),
    });
  }

  /** Captures an approved PayPal order; harmless when it was already captured. */
  capturePaypal(orderId: string): Observable<Payment> {
    return this.http.post<Payment>(`/api/payments/paypal/capture/${encodeURIComponent(orderId)}`, {});
  }

  /**
   * One payment. With `refresh`, the server first asks the provider for the checkout's latest
   * state: the return page does this once, since the buyer can arrive before the webhook.
   */
  get(paymentId: string, options: { refresh?: boolean } = {}): Observable<Payment> {
    const params = options.refresh ? new HttpParams().set('refresh', 'true') : undefined;
    return this.http.get<Payment>(`/api/payments/${encodeURIComponent(paymentId)}`, { params });
  }

  history(query: HistoryQuery = {}): Observable<Page<Payment>> {
    let params = new HttpParams().set('limit', String(query.limit ?? 20));
    if (query.cursor) params = params.set('cursor', query.cursor);
    if (query.status) params = params.set('status', query.status);
    return this.http.get<Page<Payment>>('/api/payments/history', { params });
  }
}
