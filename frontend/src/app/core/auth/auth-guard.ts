import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { Role } from './auth-models';
import { AuthStore } from './auth-store';

/** Lets signed-in users through; sends visitors to /login?returnUrl=<where they were going>. */
export const authGuard: CanActivateFn = (_route, state) => {
  const auth = inject(AuthStore);
  return auth.isLoggedIn() || inject(Router).createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
};

/** Only for users with the given role (e.g. the admin area); others go home. */
export function roleGuard(role: Role): CanActivateFn {
  return (route, state) => {
    const auth = inject(AuthStore);
    if (!auth.isLoggedIn()) return authGuard(route, state);
    return auth.user()?.role === role || inject(Router).createUrlTree(['/']);
  };
}

/** Keeps signed-in users away from the log-in and register pages. */
export const guestGuard: CanActivateFn = (route) => {
  const auth = inject(AuthStore);
  return !auth.isLoggedIn() || inject(Router).parseUrl(safeReturnUrl(route.queryParamMap.get('returnUrl')));
};

/** Only same-app paths are valid return URLs (no open redirects to other sites). */
export function safeReturnUrl(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/courses';
  return value;
}
