import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { EnrollmentsApi } from './enrollments-api';

describe('EnrollmentsApi', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('lists the items', async () => {
    const result = firstValueFrom(TestBed.inject(EnrollmentsApi).list());
    const item = { id: 'e1', courseId: 'c1', courseTitle: 'Course', enrolledAt: '2025-01-01T00:00:00Z' };
    http.expectOne('/api/enrollments').flush({ items: [item] });
    expect(await result).toEqual([item]);
  });

  it('when enrolling through the subscription, then it posts to the course and gives the enrollment', async () => {
    const result = firstValueFrom(TestBed.inject(EnrollmentsApi).enroll('c 1'));
    const req = http.expectOne('/api/enrollments/c%201');
    expect(req.request.method).toBe('POST');
    const enrollment = {
      id: 'e2',
      courseId: 'c 1',
      courseTitle: 'Course',
      source: 'subscription',
      status: 'active',
      enrolledAt: '2026-01-01T00:00:00Z',
    };
    req.flush(enrollment, { status: 201, statusText: 'Created' });
    expect(await result).toEqual(enrollment);
  });
});
