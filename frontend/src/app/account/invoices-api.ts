import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { Page } from '../core/api/page';
import { DocumentSummary } from '../core/invoices/invoice-models';

export interface InvoicesQuery {
  /** 1 to 100; 20 when omitted. */
  limit?: number;
  cursor?: string | null;
}

/** The student's invoices and credit notes, newest first. */
@Injectable({ providedIn: 'root' })
export class InvoicesApi {
  private readonly http = inject(HttpClient);

  list(query: InvoicesQuery = {}): Observable<Page<DocumentSummary>> {
    let params = new HttpParams().set('limit', String(query.limit ?? 20));
    if (query.cursor) params = params.set('cursor', query.cursor);
    return this.http.get<Page<DocumentSummary>>('/api/invoices', { params });
  }
}
