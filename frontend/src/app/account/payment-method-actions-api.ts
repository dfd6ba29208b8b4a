import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { PaymentMethod, SetupStarted } from '../core/payment-methods/payment-method-models';
import { PaymentProvider } from '../core/payments/payment-models';

/** Adding, completing, choosing the default and removing saved methods, from the Payment methods page. */
@Injectable({ providedIn: 'root' })
export class PaymentMethodActionsApi {
  private readonly http = inject(HttpClient);

  /** Starts adding a method at the provider; the browser then goes to `setupUrl`. */
  startSetup(provider: PaymentProvider): Observable<SetupStarted> {
    return this.http.post<SetupStarted>('/api/payment-methods/setup', { provider });
  }

  /**
   * Saves the method the student set up on the provider's page. 409 `setup_not_completed` when they
   * did not finish there, 409 `setup_expired`, 404 for a setup that is not theirs.
   */
  completeSetup(setupId: string): Observable<PaymentMethod> {
    return this.http
      .post<{ method: PaymentMethod }>(`/api/payment-methods/setup/${encodeURIComponent(setupId)}/complete`, {})
      .pipe(map((res) => res.method));
  }

  /** Makes the method its provider's default; answers the method as stored now. */
  makeDefault(id: string): Observable<PaymentMethod> {
    return this.http.post<PaymentMethod>(`/api/payment-methods/${encodeURIComponent(id)}/default`, {});
  }

  /** 409 `method_in_use` while it pays an active subscription; 404 when it is already gone. */
  remove(id: string): Observable<void> {
    return this.http.delete<void>(`/api/payment-methods/${encodeURIComponent(id)}`);
  }
}
