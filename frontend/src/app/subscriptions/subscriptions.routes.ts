import { Routes } from '@angular/router';

/** `/plans`: public, so visitors can compare plans before they sign up. */
export const planRoutes: Routes = [
  { path: '', title: 'Plans', loadComponent: () => import('./plans-page').then((m) => m.PlansPage) },
];

/** `/subscriptions/…`, behind authGuard: where the providers send the student back after subscribing. */
export const subscriptionRoutes: Routes = [
  {
    path: 'return',
    title: 'Confirming your subscription',
    loadComponent: () => import('./subscription-return').then((m) => m.SubscriptionReturn),
  },
  { path: '', pathMatch: 'full', redirectTo: '/account/subscription' },
];
