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
});
