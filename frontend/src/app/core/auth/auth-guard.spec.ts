import { TestBed } from '@angular/core/testing';
import {
  ActivatedRouteSnapshot,
  Router,
  RouterStateSnapshot,
  UrlTree,
  convertToParamMap,
  provideRouter,
} from '@angular/router';
import { authGuard, guestGuard, roleGuard, safeReturnUrl } from './auth-guard';
import { AuthStore } from './auth-store';
import { aSession } from '../../testing/fixtures';

function run(guard: typeof authGuard, url: string, query: Record<string, string> = {}) {
  const route = { queryParamMap: convertToParamMap(query) } as ActivatedRouteSnapshot;
  return TestBed.runInInjectionContext(() => guard(route, { url } as RouterStateSnapshot));
}

describe('guards', () => {
  let auth: AuthStore;
  let router: Router;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    auth = TestBed.inject(AuthStore);
    router = TestBed.inject(Router);
  });

  describe('authGuard', () => {
    it('when a visitor opens a guarded page, then it redirects to log in with a returnUrl', () => {
      const result = run(authGuard, '/checkout/return?paymentId=p1&provider=stripe');
      expect(result).toBeInstanceOf(UrlTree);
      expect(router.serializeUrl(result as UrlTree)).toBe(
        '/login?returnUrl=%2Fcheckout%2Freturn%3FpaymentId%3Dp1%26provider%3Dstripe',
      );
    });

    it('when signed in, then it lets the user through', () => {
      auth.signIn(aSession());
      expect(run(authGuard, '/account/payments')).toBe(true);
    });
  });

  describe('roleGuard', () => {
    it('lets admins into admin pages and sends students home', () => {
      auth.signIn(aSession({ role: 'student' }));
      expect(router.serializeUrl(run(roleGuard('admin'), '/admin') as UrlTree)).toBe('/');
      auth.signIn(aSession({ role: 'admin' }));
      expect(run(roleGuard('admin'), '/admin')).toBe(true);
    });

    it('sends visitors to log in', () => {
      expect(router.serializeUrl(run(roleGuard('admin'), '/admin') as UrlTree)).toBe('/login?returnUrl=%2Fadmin');
    });
  });

  describe('guestGuard', () => {
    it('shows log in to visitors and sends signed-in users back to where they were going', () => {
      expect(run(guestGuard, '/login')).toBe(true);
      auth.signIn(aSession());
      expect(router.serializeUrl(run(guestGuard, '/login', { returnUrl: '/account/payments' }) as UrlTree)).toBe(
        '/account/payments',
      );
    });
  });

  describe('safeReturnUrl', () => {
    it('accepts app paths only', () => {
      expect(safeReturnUrl('/courses/c1?checkout=canceled')).toBe('/courses/c1?checkout=canceled');
      expect(safeReturnUrl('https://evil.example')).toBe('/courses');
      expect(safeReturnUrl('//evil.example')).toBe('/courses');
      expect(safeReturnUrl('/\\evil.example')).toBe('/courses');
      expect(safeReturnUrl(undefined)).toBe('/courses');
    });
  });
});
