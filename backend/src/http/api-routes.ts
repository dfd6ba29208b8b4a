import type { ApiRoute } from './route-definition';
import { adminDisputeRoutes } from './routes/admin-disputes.routes';
import { adminEmailRoutes } from './routes/admin-emails.routes';
import { adminExchangeRateRoutes } from './routes/admin-exchange-rates.routes';
import { adminPaymentRoutes } from './routes/admin-payments.routes';
import { adminReconciliationRoutes } from './routes/admin-reconciliation.routes';
import { adminReportRoutes } from './routes/admin-reports.routes';
import { adminReviewRoutes } from './routes/admin-review.routes';
import { adminSubscriptionRoutes } from './routes/admin-subscriptions.routes';
import { adminWebhookEventRoutes } from './routes/admin-webhook-events.routes';
import { authRoutes } from './routes/auth.routes';
import { catalogRoutes } from './routes/catalog.routes';
import { enrollmentRoutes } from './routes/enrollment.routes';
import { invoiceRoutes } from './routes/invoice.routes';
import { paymentMethodRoutes } from './routes/payment-method.routes';
import { paymentRoutes } from './routes/payments.routes';
import { subscriptionRoutes } from './routes/subscription.routes';

/**
 * Every JSON route of the API, in mounting order. Provider webhooks (raw bodies, see
 * webhook.routes.ts), the health probes, the docs and the SPA are mounted outside the table.
 */
export const API_ROUTES: readonly ApiRoute[] = [
  ...authRoutes,
  ...catalogRoutes,
  ...paymentRoutes,
  ...invoiceRoutes,
  ...adminDisputeRoutes,
  ...adminPaymentRoutes,
  ...enrollmentRoutes,
  ...subscriptionRoutes,
  ...paymentMethodRoutes,
  ...adminExchangeRateRoutes,
  ...adminReconciliationRoutes,
  ...adminReportRoutes,
  ...adminWebhookEventRoutes,
  ...adminReviewRoutes,
  ...adminSubscriptionRoutes,
  ...adminEmailRoutes,
];
