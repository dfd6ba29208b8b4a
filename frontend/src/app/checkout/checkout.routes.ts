import { Routes } from '@angular/router';

export const checkoutRoutes: Routes = [
  {
    path: 'return',
    title: 'Confirming your payment',
    loadComponent: () => import('./checkout-return').then((m) => m.CheckoutReturn),
  },
  { path: '', pathMatch: 'full', redirectTo: '/courses' },
];
