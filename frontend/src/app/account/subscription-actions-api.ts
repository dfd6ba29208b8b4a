import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { Subscription } from '../core/subscriptions/subscription-models';

/**
 * Cancel and resume, from the subscription page. Both answer the subscription as stored now; it
 * follows the provider's webhooks, so it can show the old state for a moment.
 */
@Injectable({ providedIn: 'root' })
export class SubscriptionActionsApi {
  private readonly http = inject(HttpClient);

  /** `atPeriodEnd`: keep access and stop renewing at the end of the period (else end it now). */
  cancel(id: string, options: { atPeriodEnd: boolean }): Observable<Subscription> {
    return this.http.post<Subscription>(`/api/subscriptions/${encodeURIComponent(id)}/cancel`, {
      atPeriodEnd: options.atPeriodEnd,
    });
  }

  /** Undoes a cancel at period end before the period ends. 409 `resume_not_supported` on PayPal. */
  resume(id: string): Observable<Subscription> {
    return this.http.post<Subscription>(`/api/subscriptions/${encodeURIComponent(id)}/resume`, {});
  }
}
