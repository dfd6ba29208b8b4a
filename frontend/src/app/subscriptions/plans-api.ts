import { HttpClient, HttpHeaders, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { PaymentProvider } from '../core/payments/payment-models';
import { Plan, SubscriptionCheckout } from './plan-models';

/** The plans on offer, and subscribing to one (a provider's hosted checkout to send the browser to). */
@Injectable({ providedIn: 'root' })
export class PlansApi {
  private readonly http = inject(HttpClient);

  list(currency?: string | null): Observable<Plan[]> {
    const params = currency ? new HttpParams().set('currency', currency) : undefined;
    return this.http.get<{ items: Plan[] }>('/api/plans', { params }).pipe(map((res) => res.items));
  }

  /**
   * Starts a subscription checkout, with one idempotency key per click so a double submit never
   * opens two. Answers 409 `subscription_exists` when the student already has one that has not
   * ended, 409 `subscription_currency_locked` when Stripe bills them in another currency.
   */
  checkout(
    planId: string,
    body: { provider: PaymentProvider; currency?: string | null },
    idempotencyKey: string,
  ): Observable<SubscriptionCheckout> {
    const payload: { provider: PaymentProvider; currency?: string } = { provider: body.provider };
    if (body.currency) payload.currency = body.currency;
    return this.http.post<SubscriptionCheckout>(`/api/subscriptions/checkout/${encodeURIComponent(planId)}`, payload, {
      headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }),
    });
  }
}
