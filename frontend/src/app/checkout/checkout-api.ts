import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { DocumentSummary } from '../core/invoices/invoice-models';
import { Payment } from '../core/payments/payment-models';

/** `GET /api/invoices/:paymentId?format=json`: the payment's invoice and any credit notes against it. */
export interface PaymentDocuments {
  invoice: DocumentSummary;
  creditNotes: DocumentSummary[];
}

/** What the return page asks about the payment the student just made. */
@Injectable({ providedIn: 'root' })
export class CheckoutApi {
  private readonly http = inject(HttpClient);

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

  /**
   * The payment's invoice. Answers 404 `invoice_not_ready` while a completed payment's invoice is
   * still being issued (it appears within seconds), and 404 with another code for no such payment.
   */
  invoice(paymentId: string): Observable<PaymentDocuments> {
    const params = new HttpParams().set('format', 'json');
    return this.http.get<PaymentDocuments>(`/api/invoices/${encodeURIComponent(paymentId)}`, { params });
  }
}
