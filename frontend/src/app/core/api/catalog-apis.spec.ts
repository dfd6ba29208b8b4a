import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { AuthApi } from './auth-api';
import { CoursesApi } from './courses-api';
import { CurrenciesApi } from './currencies-api';
import { EnrollmentsApi } from './enrollments-api';
import { aCourse } from '../../testing/fixtures';

describe('API clients', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  describe('CoursesApi', () => {
    it('lists courses priced in the chosen currency', async () => {
      const result = firstValueFrom(TestBed.inject(CoursesApi).list('EUR'));
      const req = http.expectOne('/api/courses?currency=EUR');
      req.flush({ items: [aCourse()] });
      expect(await result).toEqual([aCourse()]);
    });

    it('lists courses in the default currency when none is chosen', () => {
      TestBed.inject(CoursesApi).list(null).subscribe();
      http.expectOne('/api/courses').flush({ items: [] });
    });

    it('gets one course', async () => {
      const result = firstValueFrom(TestBed.inject(CoursesApi).get('c1', 'JPY'));
      http.expectOne('/api/courses/c1?currency=JPY').flush(aCourse({ price: { amount: 1500, currency: 'JPY' } }));
      expect((await result).price).toEqual({ amount: 1500, currency: 'JPY' });
    });
  });

  describe('AuthApi', () => {
    it('registers, logs in and reads the current user', async () => {
      const api = TestBed.inject(AuthApi);
      const user = { id: 'u1', email: 'a@b.c', name: 'A', role: 'student' as const };

      const registered = firstValueFrom(api.register({ email: 'a@b.c', password: 'secret123', name: 'A' }));
      const reg = http.expectOne('/api/auth/register');
      expect(reg.request.method).toBe('POST');
      expect(reg.request.body).toEqual({ email: 'a@b.c', password: 'secret123', name: 'A' });
      reg.flush({ token: 't', user }, { status: 201, statusText: 'Created' });
      expect((await registered).token).toBe('t');

      const loggedIn = firstValueFrom(api.login({ email: 'a@b.c', password: 'secret123' }));
      http.expectOne('/api/auth/login').flush({ token: 't2', user });
      expect((await loggedIn).token).toBe('t2');

      const me = firstValueFrom(api.me());
      http.expectOne('/api/auth/me').flush({ user });
      expect(await me).toEqual(user);
    });
  });

  it('EnrollmentsApi lists the items', async () => {
    const result = firstValueFrom(TestBed.inject(EnrollmentsApi).list());
    const item = { id: 'e1', courseId: 'c1', courseTitle: 'Course', enrolledAt: '2025-01-01T00:00:00Z' };
    http.expectOne('/api/enrollments').flush({ items: [item] });
    expect(await result).toEqual([item]);
  });

  it('CurrenciesApi returns the supported currencies', async () => {
    const result = firstValueFrom(TestBed.inject(CurrenciesApi).list());
    http.expectOne('/api/currencies').flush({ defaultCurrency: 'USD', items: [{ code: 'USD', exponent: 2 }] });
    expect((await result).defaultCurrency).toBe('USD');
  });
});
