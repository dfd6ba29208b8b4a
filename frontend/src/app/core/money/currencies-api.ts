import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { CurrenciesResponse } from './money-models';

@Injectable({ providedIn: 'root' })
export class CurrenciesApi {
  private readonly http = inject(HttpClient);

  list(): Observable<CurrenciesResponse> {
    return this.http.get<CurrenciesResponse>('/api/currencies');
  }
}
