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

  /**
   * Enrolls the student in a course through their subscription (201, or 200 with the enrollment
   * they already have). Answers 403 `subscription_required` without subscription access.
   */
  enroll(courseId: string): Observable<Enrollment> {
    return this.http.post<Enrollment>(`/api/enrollments/${encodeURIComponent(courseId)}`, {});
  }
}
