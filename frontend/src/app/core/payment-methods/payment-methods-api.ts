import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { PaymentMethod } from './payment-method-models';

/** Reading the student's saved payment methods (the account page changes them: account/). */
@Injectable({ providedIn: 'root' })
export class PaymentMethodsApi {
  private readonly http = inject(HttpClient);

  /**
   * Newest first. With `refresh`, the server first re-reads the providers: the page does so after
   * the student comes back from adding a method, since the provider may know of it before we do.
   */
  list(options: { refresh?: boolean } = {}): Observable<PaymentMethod[]> {
    const params = options.refresh ? new HttpParams().set('refresh', 'true') : undefined;
    return this.http.get<{ items: PaymentMethod[] }>('/api/payment-methods', { params }).pipe(map((res) => res.items));
  }
}
