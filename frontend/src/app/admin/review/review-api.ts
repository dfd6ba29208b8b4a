import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { Page, ResolvedPayment, ReviewItem, ReviewResolution } from '../admin-models';

export const REVIEW_PAGE_SIZE = 25;

/** The review queue: payments in `requires_review`, oldest first, and their resolution. */
@Injectable({ providedIn: 'root' })
export class ReviewApi {
  private readonly http = inject(HttpClient);

  list(cursor: string | null, limit = REVIEW_PAGE_SIZE): Observable<Page<ReviewItem>> {
    let params = new HttpParams().set('limit', String(limit));
    if (cursor) params = params.set('cursor', cursor);
    return this.http.get<Page<ReviewItem>>('/api/admin/review', { params });
  }

  /**
   * Accepts the sale (enrollment, invoice) or cancels it and refunds what the provider confirmed.
   * Gives the payment as it is now; 409 `not_in_review` when it is no longer in review,
   * 409 `payment_under_dispute` when a chargeback blocks the refund.
   */
  resolve(paymentId: string, resolution: ReviewResolution, note: string): Observable<ResolvedPayment> {
    return this.http.post<ResolvedPayment>(`/api/admin/review/${encodeURIComponent(paymentId)}/resolve`, {
      resolution,
      note,
    });
  }
}
