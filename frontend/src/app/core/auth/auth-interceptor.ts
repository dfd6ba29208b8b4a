import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { AuthStore } from './auth-store';

/**
 * Adds `Authorization: Bearer <token>` to our own API calls. When the API answers 401
 * to a request that carried a token, the session is over: sign out and go to log in,
 * coming back to the current page afterwards.
 */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  const auth = inject(AuthStore);
  const router = inject(Router);
  const token = auth.token();
  const isApiCall = req.url.startsWith('/api/');

  const outgoing = token && isApiCall ? req.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : req;

  return next(outgoing).pipe(
    catchError((err: unknown) => {
      if (err instanceof HttpErrorResponse && err.status === 401 && token && isApiCall) {
        auth.signOut();
        // During a navigation (e.g. the first load of a deep link) return to where it was going.
        const navigation = router.currentNavigation();
        const target = navigation ? (navigation.finalUrl ?? navigation.extractedUrl) : null;
        const returnUrl = target ? router.serializeUrl(target) : router.url;
        void router.navigate(['/login'], {
          queryParams: returnUrl && !returnUrl.startsWith('/login') ? { returnUrl, expired: 1 } : { expired: 1 },
        });
      }
      return throwError(() => err);
    }),
  );
};
