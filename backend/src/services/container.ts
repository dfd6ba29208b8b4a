import type { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import type { Logger } from '../logger';
import type { ProviderLookup } from '../providers/payment-provider';
import { AuthService } from './auth/auth.service';
import { CatalogService } from './catalog.service';
import { CurrencyService } from './currency.service';
import { EnrollmentService } from './enrollment.service';
import { PaymentEventApplier } from './payments/payment-event-applier';
import { PaymentService } from './payments/payment.service';
import { ReconciliationService } from './payments/reconciliation.service';
import { ProviderCustomerService } from './provider-customer.service';
import { WebhookService } from './webhooks/webhook.service';

export interface ServiceDependencies {
  dataSource: DataSource;
  config: Config;
  logger: Logger;
  providers: ProviderLookup;
}

/** Wires every service once; the HTTP layer and the jobs receive this object. */
export interface Services {
  auth: AuthService;
  currencies: CurrencyService;
  catalog: CatalogService;
  enrollments: EnrollmentService;
  payments: PaymentService;
  webhooks: WebhookService;
  reconciliation: ReconciliationService;
}

export function createServices({ dataSource, config, logger, providers }: ServiceDependencies): Services {
  const auth = new AuthService(dataSource, config.jwt);
  const currencies = new CurrencyService(dataSource, config.currencies);
  const catalog = new CatalogService(dataSource, currencies);
  const enrollments = new EnrollmentService(dataSource);
  const customers = new ProviderCustomerService(dataSource);
  const applier = new PaymentEventApplier(logger);
  const payments = new PaymentService(dataSource, config, providers, catalog, enrollments, customers, applier, logger);
  const webhooks = new WebhookService(dataSource, providers, payments, applier, logger);
  const reconciliation = new ReconciliationService(
    dataSource,
    providers,
    payments,
    logger,
    config.reconcileAfterMinutes,
  );
  return { auth, currencies, catalog, enrollments, payments, webhooks, reconciliation };
}
