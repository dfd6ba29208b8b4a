import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { PaymentProvider } from '../core/payments/payment-models';
import { CheckoutSession } from './catalog-models';

/** Buying a course from its page: creates the provider's checkout to send the browser to. */
@Injectable({ providedIn: 'root' })
export class PurchaseApi {
  private readonly http = inject(HttpClient);

  /**
   * Starts a checkout. The caller passes one idempotency key per user action so a
   * double submit or a retried request never creates two payments, and the amount it showed
   * (`expectedAmount`, minor units) so the API answers 409 `price_changed` rather than charging
   * a different one. `paymentMethodId` (PayPal only) pays with a saved wallet: the payment is
   * then settled at once and `checkoutUrl` is our own return page rather than PayPal's.
   */
  checkout(
    courseId: string,
    body: { provider: PaymentProvider; currency?: string | null; expectedAmount?: number; paymentMethodId?: string },
    idempotencyKey: string,
  ): Observable<CheckoutSession> {
    const payload: { provider: PaymentProvider; currency?: string; expectedAmount?: number; paymentMethodId?: string } =
      { provider: body.provider };
    if (body.currency) payload.currency = body.currency;
    if (body.expectedAmount !== undefined) payload.expectedAmount = body.expectedAmount;
    if (body.paymentMethodId) payload.paymentMethodId = body.paymentMethodId;
    return this.http.post<CheckoutSession>(`/api/payments/checkout/${encodeURIComponent(courseId)}`, payload, {
      headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }),
    });
  }
}
