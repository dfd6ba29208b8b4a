import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { Enrollment } from './enrollment-models';

@Injectable({ providedIn: 'root' })
export class EnrollmentsApi {
  private readonly http = inject(HttpClient);

  list(): Observable<Enrollment[]> {
    return this.http.get<{ items: Enrollment[] }>('/api/enrollments').pipe(map((res) => res.items));
  }
}
