import { Routes } from '@angular/router';
import { authGuard, roleGuard } from './core/auth/auth-guard';
import { authRoutes } from './auth/auth.routes';

/**
 * Top-level routes. Each feature is reached only through its `*.routes.ts` and its pages are
 * lazy-loaded; the admin console sits behind roleGuard('admin').
 */
export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'courses' },
  ...authRoutes,
  { path: 'courses', loadChildren: () => import('./catalog/catalog.routes').then((m) => m.catalogRoutes) },
  { path: 'plans', loadChildren: () => import('./subscriptions/subscriptions.routes').then((m) => m.planRoutes) },
  {
    path: 'subscriptions',
    canActivate: [authGuard],
    loadChildren: () => import('./subscriptions/subscriptions.routes').then((m) => m.subscriptionRoutes),
  },
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
  {
    path: 'admin',
    canActivate: [roleGuard('admin')],
    loadChildren: () => import('./admin/admin.routes').then((m) => m.adminRoutes),
  },
  { path: '**', title: 'Page not found', loadComponent: () => import('./not-found').then((m) => m.NotFound) },
];
