import { HttpClient, HttpHeaders, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { AdminPaymentDetail, AdminPaymentRow, AdminRefund, Page, PaymentSearch, RefundRequest } from '../admin-models';

export const ADMIN_PAYMENTS_PAGE_SIZE = 25;

/** The admin's payments: search, one payment with its timeline, and refunds. */
@Injectable({ providedIn: 'root' })
export class AdminPaymentsApi {
  private readonly http = inject(HttpClient);

  /** Newest first unless `sort` says otherwise; only the fields that are set are sent. */
  search(search: PaymentSearch): Observable<Page<AdminPaymentRow>> {
    let params = new HttpParams().set('limit', String(search.limit ?? ADMIN_PAYMENTS_PAGE_SIZE));
    for (const [key, value] of Object.entries(search)) {
      if (key !== 'limit' && value !== undefined && value !== null && value !== '') {
        params = params.set(key, String(value));
      }
    }
    return this.http.get<Page<AdminPaymentRow>>('/api/admin/payments', { params });
  }

  /** 404 for an unknown id. */
  payment(id: string): Observable<AdminPaymentDetail> {
    return this.http.get<AdminPaymentDetail>(`/api/admin/payments/${encodeURIComponent(id)}`);
  }

  /**
   * Asks the provider to refund. One `idempotencyKey` per confirmed refund: sending the same
   * request again with it (a retry after a network error) is that same refund, never a second.
   * 409 `payment_not_refundable`, 422 `amount_exceeds_refundable` (details: `refundableAmount`).
   */
  refund(paymentId: string, body: RefundRequest, idempotencyKey: string): Observable<AdminRefund> {
    return this.http
      .post<{ refund: AdminRefund }>(`/api/payments/refund/${encodeURIComponent(paymentId)}`, body, {
        headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }),
      })
      .pipe(map((res) => res.refund));
  }
}
