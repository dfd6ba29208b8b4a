import { Routes } from '@angular/router';

/** The student's area. */
export const accountRoutes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'learning' },
  { path: 'learning', title: 'My learning', loadComponent: () => import('./my-learning').then((m) => m.MyLearning) },
  {
    path: 'payments',
    title: 'Payment history',
    loadComponent: () => import('./payment-history').then((m) => m.PaymentHistory),
  },
  { path: 'invoices', title: 'Invoices', loadComponent: () => import('./invoices').then((m) => m.Invoices) },
  {
    path: 'payment-methods',
    title: 'Payment methods',
    loadComponent: () => import('./payment-methods-page').then((m) => m.PaymentMethodsPage),
  },
  {
    path: 'subscription',
    title: 'Subscription',
    loadComponent: () => import('./subscription-page').then((m) => m.SubscriptionPage),
  },
];
