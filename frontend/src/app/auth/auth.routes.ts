import { Routes } from '@angular/router';
import { guestGuard } from '../core/auth/auth-guard';

/** Top-level pages (`/login`, `/register`), spread into app.routes.ts; each page is lazy-loaded. */
export const authRoutes: Routes = [
  {
    path: 'login',
    canActivate: [guestGuard],
    title: 'Log in',
    loadComponent: () => import('./login').then((m) => m.Login),
  },
  {
    path: 'register',
    canActivate: [guestGuard],
    title: 'Create account',
    loadComponent: () => import('./register').then((m) => m.Register),
  },
];
