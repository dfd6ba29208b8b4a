import type PgBoss from 'pg-boss';
import type { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import type { Logger } from '../logger';
import type { ProviderLookup } from '../providers/payment-provider';
import { renderInvoicePdf } from '../documents/invoice-pdf';
import { DataStore } from '../repositories/data-store';
import { AdminPaymentsService } from './admin/admin-payments.service';
import { RevenueReportService } from './admin/revenue-report.service';
import { AdminSubscriptionService } from './admin/admin-subscriptions.service';
import { ReviewService } from './admin/review.service';
import { WebhookInboxService } from './admin/webhook-inbox.service';
import type { AuthLimits } from './auth/auth-throttle';
import { AuthService } from './auth/auth.service';
import { CatalogService } from './catalog/catalog.service';
import { CurrencyService } from './catalog/currency.service';
import { CheckoutService } from './checkout/checkout.service';
import { disputeEventHandlers } from './disputes/dispute-event-handlers';
import { DisputeQueryService } from './disputes/dispute-queries.service';
import { EnrollmentService } from './enrollments/enrollment.service';
import { PurchaseAccess } from './entitlements/purchase-access';
import { HealthService } from './health/health.service';
import { DocumentIssuingService } from './invoices/document-issuing.service';
import { DocumentQueryService } from './invoices/document-queries.service';
import { PaymentMethodService } from './payment-methods/payment-method.service';
import { paymentMethodEventHandlers } from './payment-methods/payment-method-event-handlers';
import { paymentEventHandlers } from './payments/payment-event-handlers';
import { PaymentQueryService } from './payments/payment-queries.service';
import { ReconciliationService } from './payments/reconciliation.service';
import { SettlementService } from './payments/settlement.service';
import { DriftReportService } from './reconciliation/drift-report.service';
import type { ReconciliationMetrics } from './reconciliation/reconciliation-metrics';
import { refundEventHandlers } from './refunds/refund-event-handlers';
import { RefundService } from './refunds/refund.service';
import { ExchangeRateAdminService } from './rates/exchange-rate-admin.service';
import { RatesRefreshService } from './rates/rates-refresh.service';
import { EmailService } from './emails/email.service';
import { ScheduledEmailService } from './emails/lifecycle/scheduled-emails.service';
import type { MailTransport } from './emails/mail-transport';
import { EventHandlerRegistry, type EventHandlers } from './webhooks/event-handler-registry';
import type { WebhookMetrics } from './webhooks/webhook-metrics';
import { WebhookService } from './webhooks/webhook.service';
import { SubscriptionAccessSync } from './subscriptions/subscription-access-sync';
import { SubscriptionAccessSweep } from './subscriptions/subscription-access-sweep';
import { SubscriptionCheckoutService } from './subscriptions/subscription-checkout.service';
import { subscriptionEventHandlers } from './subscriptions/subscription-event-handlers';
import { SubscriptionReconciliation } from './subscriptions/subscription-reconciliation';
import { SubscriptionService } from './subscriptions/subscription.service';

export interface ServiceDependencies {
  dataSource: DataSource;
  config: Config;
  logger: Logger;
  providers: ProviderLookup;
  /** Where post-commit work is enqueued (pg-boss); the same instance the workers run on. */
  jobQueue?: PgBoss;
  /** Replaces handlers of the registry (tests: a handler that a later release would add). */
  handlerOverrides?: Partial<EventHandlers>;
  /** Login and registration limits replaced (tests: small ones); the others keep their defaults. */
  authLimits?: Partial<AuthLimits>;
  /** Where webhook outcomes and reconciliation runs are counted (metrics/); unset: nowhere. */
  metrics?: ServiceMetrics;
  /**
   * Where emails leave (mail/: SMTP or the development catcher), built by the process from
   * `config.mail`; unset (mail disabled): outbox emails end `skipped`.
   */
  mailTransport?: MailTransport;
}

/** The counters services report to, each a narrow port of its feature. */
export interface ServiceMetrics {
  webhooks: WebhookMetrics;
  reconciliation: ReconciliationMetrics;
}

/** Wires every service once; the HTTP layer and the jobs receive this object. */
export interface Services {
  health: HealthService;
  auth: AuthService;
  currencies: CurrencyService;
  catalog: CatalogService;
  enrollments: EnrollmentService;
  checkout: CheckoutService;
  payments: PaymentQueryService;
  settlement: SettlementService;
  refunds: RefundService;
  disputes: DisputeQueryService;
  webhooks: WebhookService;
  reconciliation: ReconciliationService;
  exchangeRates: ExchangeRateAdminService;
  ratesRefresh: RatesRefreshService;
  /** Numbers, freezes and renders the invoices and credit notes settlement asked for. */
  documentIssuing: DocumentIssuingService;
  documents: DocumentQueryService;
  subscriptionCheckout: SubscriptionCheckoutService;
  subscriptions: SubscriptionService;
  /** Suspends or revokes plan enrollments whose grace or paid period ran out. */
  subscriptionAccess: SubscriptionAccessSweep;
  subscriptionReconciliation: SubscriptionReconciliation;
  paymentMethods: PaymentMethodService;
  /** The admin payments search and each payment's timeline. */
  adminPayments: AdminPaymentsService;
  /** Records every reconciliation run with its drift; the admin's drift report and "run now". */
  driftReports: DriftReportService;
  /** Revenue per currency and period for the admin reports (JSON and CSV). */
  revenueReports: RevenueReportService;
  /** The webhook inbox for admins: filters and replay. */
  webhookInbox: WebhookInboxService;
  /** Payments in requires_review and their resolution. */
  review: ReviewService;
  adminSubscriptions: AdminSubscriptionService;
  /** The email outbox: the relay, the send job, and the admin list and resend. */
  emails: EmailService;
  /** The emails the clock causes: subscriptions ending soon, the admins' daily digest. */
  scheduledEmails: ScheduledEmailService;
}

/**
 * Every domain event kind and the feature that handles it; `null` until that feature exists
 * (its events are kept unhandled and replayed once it does).
 */
export function eventHandlers(
  logger: Logger,
  access: PurchaseAccess,
  subscriptionAccess: SubscriptionAccessSync,
  providers: ProviderLookup,
): EventHandlers {
  const runsToPeriodEnd = (name: string) => providers.has(name) && providers.get(name).subscriptions.cancelsAtPeriodEnd;
  return {
    ...paymentEventHandlers(logger),
    ...refundEventHandlers(access, logger),
    ...disputeEventHandlers(access, logger),
    ...subscriptionEventHandlers(subscriptionAccess, runsToPeriodEnd, logger),
    ...paymentMethodEventHandlers(logger),
  };
}

export function createServices({
  dataSource,
  config,
  logger,
  providers,
  jobQueue,
  handlerOverrides,
  authLimits,
  metrics,
  mailTransport,
}: ServiceDependencies): Services {
  const store = new DataStore(dataSource, jobQueue);
  const access = new PurchaseAccess(config.access);
  const subscriptionAccess = new SubscriptionAccessSync(config.subscriptions);
  const registry = new EventHandlerRegistry({
    ...eventHandlers(logger, access, subscriptionAccess, providers),
    ...handlerOverrides,
  });
  const auth = new AuthService(store, config.jwt, authLimits);
  const currencies = new CurrencyService(store, config.currencies, config.rates, providers.configured(), logger);
  const catalog = new CatalogService(store, currencies, config.invoicing.tax);
  const enrollments = new EnrollmentService(store, config.subscriptions);
  const settlement = new SettlementService(store, providers, registry, logger);
  const payments = new PaymentQueryService(store, providers, settlement, logger);
  const checkout = new CheckoutService(store, config, providers, catalog, currencies, settlement, payments, logger);
  const webhooks = new WebhookService(
    store,
    providers,
    settlement,
    registry,
    logger,
    config.webhookMaxAttempts,
    metrics?.webhooks,
    config.role === 'api' ? 'workers' : 'in_process',
  );
  const refunds = new RefundService(store, providers, settlement, logger);
  const reconciliation = new ReconciliationService(store, providers, settlement, refunds, checkout, logger, {
    olderThanMinutes: config.reconcileAfterMinutes,
    refundsLookbackDays: config.reconcileRefundsDays,
  });
  const exchangeRates = new ExchangeRateAdminService(store, currencies, logger);
  const ratesRefresh = new RatesRefreshService(exchangeRates, currencies, config.rates.sourceUrl, logger);
  const documentIssuing = new DocumentIssuingService(store, config.invoicing, renderInvoicePdf, logger);
  const subscriptions = new SubscriptionService(store, providers, settlement, payments, config.subscriptions, logger);
  const subscriptionReconciliation = new SubscriptionReconciliation(store, providers, settlement, logger);
  return {
    health: new HealthService(store),
    auth,
    currencies,
    catalog,
    enrollments,
    checkout,
    payments,
    settlement,
    refunds,
    disputes: new DisputeQueryService(store),
    webhooks,
    reconciliation,
    exchangeRates,
    ratesRefresh,
    documentIssuing,
    documents: new DocumentQueryService(store, documentIssuing),
    subscriptionCheckout: new SubscriptionCheckoutService(store, config, providers, catalog, settlement, logger),
    subscriptions,
    subscriptionAccess: new SubscriptionAccessSweep(store, subscriptionAccess, config.subscriptions, logger),
    subscriptionReconciliation,
    paymentMethods: new PaymentMethodService(store, providers, settlement, logger, { appBaseUrl: config.appBaseUrl }),
    adminPayments: new AdminPaymentsService(store),
    driftReports: new DriftReportService(
      store,
      reconciliation,
      subscriptionReconciliation,
      logger,
      metrics?.reconciliation,
    ),
    revenueReports: new RevenueReportService(store, currencies, config.reportCurrency),
    webhookInbox: new WebhookInboxService(store, webhooks, logger),
    review: new ReviewService(store, refunds, payments, access, logger),
    adminSubscriptions: new AdminSubscriptionService(store, subscriptions),
    emails: new EmailService(
      store,
      documentIssuing,
      { mail: config.mail, transport: mailTransport, appBaseUrl: config.appBaseUrl },
      logger,
    ),
    scheduledEmails: new ScheduledEmailService(store, logger),
  };
}
