import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { authInterceptor } from './auth-interceptor';
import { AuthStore } from './auth-store';
import { aSession } from '../../testing/fixtures';

describe('authInterceptor', () => {
  let http: HttpTestingController;
  let client: HttpClient;
  let auth: AuthStore;
  let router: Router;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(HttpClient);
    auth = TestBed.inject(AuthStore);
    router = TestBed.inject(Router);
  });

  afterEach(() => http.verify());

  it('when signed in, then API calls carry the bearer token', () => {
    auth.signIn(aSession());
    client.get('/api/enrollments').subscribe();
    expect(http.expectOne('/api/enrollments').request.headers.get('Authorization')).toBe('Bearer token-123');
  });

  it('when signed out, then no Authorization header is sent', () => {
    client.get('/api/courses').subscribe();
    expect(http.expectOne('/api/courses').request.headers.has('Authorization')).toBe(false);
  });

  it('never sends the token to other origins', () => {
    auth.signIn(aSession());
    client.get('https://example.com/api/x').subscribe();
    expect(http.expectOne('https://example.com/api/x').request.headers.has('Authorization')).toBe(false);
  });

  it('when the API answers 401 to an authenticated call, then it signs out and goes to log in', () => {
    auth.signIn(aSession());
    const navigate = vi.spyOn(router, 'navigate').mockResolvedValue(true);
    let failed = false;
    client.get('/api/enrollments').subscribe({ error: () => (failed = true) });

    http
      .expectOne('/api/enrollments')
      .flush(
        { error: { code: 'unauthorized', message: 'Token expired' } },
        { status: 401, statusText: 'Unauthorized' },
      );

    expect(failed).toBe(true);
    expect(auth.isLoggedIn()).toBe(false);
    expect(localStorage.getItem('lms.token')).toBeNull();
    expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: { returnUrl: '/', expired: 1 } });
  });

  it('when a log-in attempt gets 401, then it only passes the error on', () => {
    const navigate = vi.spyOn(router, 'navigate');
    let status = 0;
    client.post('/api/auth/login', {}).subscribe({ error: (e: { status: number }) => (status = e.status) });
    http
      .expectOne('/api/auth/login')
      .flush(
        { error: { code: 'invalid_credentials', message: 'Wrong email or password' } },
        { status: 401, statusText: 'Unauthorized' },
      );
    expect(status).toBe(401);
    expect(navigate).not.toHaveBeenCalled();
  });

  it('leaves other errors alone', () => {
    auth.signIn(aSession());
    client.get('/api/payments/x').subscribe({ error: () => undefined });
    http.expectOne('/api/payments/x').flush(null, { status: 404, statusText: 'Not Found' });
    expect(auth.isLoggedIn()).toBe(true);
  });
});
