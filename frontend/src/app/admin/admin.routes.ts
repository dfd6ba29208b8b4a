import { Routes } from '@angular/router';
import { AdminLayout } from './admin-layout';

/**
 * The admin console: the layout with its navigation, and under it every page as its own lazy
 * chunk, reached only behind roleGuard('admin').
 */
export const adminRoutes: Routes = [
  {
    path: '',
    component: AdminLayout,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'payments' },
      {
        path: 'payments',
        title: 'Admin · Payments',
        loadComponent: () => import('./payments/admin-payments-page').then((m) => m.AdminPaymentsPage),
      },
      {
        path: 'payments/:id',
        title: 'Admin · Payment',
        loadComponent: () => import('./payments/admin-payment-page').then((m) => m.AdminPaymentPage),
      },
      {
        path: 'review',
        title: 'Admin · Review queue',
        loadComponent: () => import('./review/review-queue-page').then((m) => m.ReviewQueuePage),
      },
      {
        path: 'disputes',
        title: 'Admin · Disputes',
        loadComponent: () => import('./disputes/disputes-page').then((m) => m.DisputesPage),
      },
      {
        path: 'subscriptions',
        title: 'Admin · Subscriptions',
        loadComponent: () => import('./subscriptions/admin-subscriptions-page').then((m) => m.AdminSubscriptionsPage),
      },
      {
        path: 'webhooks',
        title: 'Admin · Webhook inbox',
        loadComponent: () => import('./webhooks/webhook-inbox-page').then((m) => m.WebhookInboxPage),
      },
      {
        path: 'emails',
        title: 'Admin · Emails',
        loadComponent: () => import('./emails/emails-page').then((m) => m.EmailsPage),
      },
      {
        path: 'exchange-rates',
        title: 'Admin · Exchange rates',
        loadComponent: () => import('./rates/exchange-rates-page').then((m) => m.ExchangeRatesPage),
      },
      {
        path: 'reconciliation',
        title: 'Admin · Drift report',
        loadComponent: () => import('./reconciliation/drift-report-page').then((m) => m.DriftReportPage),
      },
      {
        path: 'revenue',
        title: 'Admin · Revenue',
        loadComponent: () => import('./revenue/revenue-page').then((m) => m.RevenuePage),
      },
    ],
  },
];
