import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { Course } from './catalog-models';

function currencyParams(currency?: string | null): HttpParams {
  return currency ? new HttpParams().set('currency', currency) : new HttpParams();
}

@Injectable({ providedIn: 'root' })
export class CoursesApi {
  private readonly http = inject(HttpClient);

  list(currency?: string | null): Observable<Course[]> {
    return this.http
      .get<{ items: Course[] }>('/api/courses', { params: currencyParams(currency) })
      .pipe(map((res) => res.items));
  }

  get(id: string, currency?: string | null): Observable<Course> {
    return this.http.get<Course>(`/api/courses/${encodeURIComponent(id)}`, { params: currencyParams(currency) });
  }
}
