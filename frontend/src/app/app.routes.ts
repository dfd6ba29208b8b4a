import { Routes } from '@angular/router';
import { authGuard, guestGuard } from './core/auth/auth-guard';

/**
 * Top-level routes. Each feature is lazy-loaded; later areas (account/subscriptions,
 * account/payment-methods, account/invoices, admin/ behind roleGuard('admin')) slot in
 * as further children or features.
 */
export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'courses' },
  {
    path: 'login',
    canActivate: [guestGuard],
    title: 'Log in',
    loadComponent: () => import('./auth/login').then((m) => m.Login),
  },
  {
    path: 'register',
    canActivate: [guestGuard],
    title: 'Create account',
    loadComponent: () => import('./auth/register').then((m) => m.Register),
  },
  { path: 'courses', loadChildren: () => import('./catalog/catalog.routes').then((m) => m.catalogRoutes) },
  {
    path: 'checkout',
    canActivate: [authGuard],
    loadChildren: () => import('./checkout/checkout.routes').then((m) => m.checkoutRoutes),
  },
  {
    path: 'account',
    canActivate: [authGuard],
    loadChildren: () => import('./account/account.routes').then((m) => m.accountRoutes),
  },
  { path: '**', title: 'Page not found', loadComponent: () => import('./not-found').then((m) => m.NotFound) },
];
