import type PgBoss from 'pg-boss';
import type { DataSource, EntityManager } from 'typeorm';
import { AdminPaymentQueryRepository } from './admin-payment-query.repository';
import { AuditRepository } from './audit.repository';
import { CatalogRepository } from './catalog.repository';
import { DisputeRepository } from './dispute.repository';
import { EmailDigestQueryRepository } from './email-digest-query.repository';
import { EmailLifecycleQueryRepository } from './email-lifecycle-query.repository';
import { EmailOutboxRepository } from './email-outbox.repository';
import { EnrollmentRepository } from './enrollment.repository';
import { ExchangeRateRepository } from './exchange-rate.repository';
import { InvoiceRepository } from './invoice.repository';
import { JobQueueRepository } from './job-queue.repository';
import { PaymentQueryRepository } from './payment-query.repository';
import { PaymentMethodRepository } from './payment-method.repository';
import { PaymentMethodSetupRepository } from './payment-method-setup.repository';
import { PaymentRepository } from './payment.repository';
import { ProviderCustomerRepository } from './provider-customer.repository';
import { ReconciliationReportRepository } from './reconciliation-report.repository';
import { RefundRepository } from './refund.repository';
import { RevenueReportRepository } from './revenue-report.repository';
import { ReviewQueueRepository } from './review-queue.repository';
import { SaleEmailQueryRepository } from './sale-email-query.repository';
import { SqlRunner } from './sql-runner';
import { SubscriptionRepository } from './subscription.repository';
import { UserRepository } from './user.repository';
import { WebhookEventRepository } from './webhook-event.repository';
import { WebhookInboxQueryRepository } from './webhook-inbox-query.repository';

/** Every repository, bound to one connection scope: the pool, or one transaction. */
export interface Repositories {
  adminPayments: AdminPaymentQueryRepository;
  audit: AuditRepository;
  catalog: CatalogRepository;
  customers: ProviderCustomerRepository;
  disputes: DisputeRepository;
  /** The email outbox: one row per email owed, written with its cause. */
  emails: EmailOutboxRepository;
  /** What the admins' daily digest counts and lists. */
  emailDigest: EmailDigestQueryRepository;
  /** What the subscription and dispute emails read when they are sent. */
  emailLifecycle: EmailLifecycleQueryRepository;
  enrollments: EnrollmentRepository;
  exchangeRates: ExchangeRateRepository;
  invoices: InvoiceRepository;
  jobs: JobQueueRepository;
  payments: PaymentRepository;
  paymentMethods: PaymentMethodRepository;
  paymentMethodSetups: PaymentMethodSetupRepository;
  paymentQueries: PaymentQueryRepository;
  reconciliationReports: ReconciliationReportRepository;
  refunds: RefundRepository;
  revenueReports: RevenueReportRepository;
  /** What the receipt and the refund confirmation say, read when they are sent. */
  saleEmails: SaleEmailQueryRepository;
  subscriptions: SubscriptionRepository;
  users: UserRepository;
  webhookEvents: WebhookEventRepository;
  /** The inbox as admins read it (filters, keyset pages). */
  webhookInbox: WebhookInboxQueryRepository;
  /** Payments waiting in requires_review, oldest first. */
  reviewQueue: ReviewQueueRepository;
}

function repositoriesFor(manager: EntityManager, queue: PgBoss | undefined): Repositories {
  const sql = new SqlRunner(manager);
  return {
    adminPayments: new AdminPaymentQueryRepository(sql),
    audit: new AuditRepository(sql),
    catalog: new CatalogRepository(sql),
    customers: new ProviderCustomerRepository(sql),
    disputes: new DisputeRepository(sql),
    emails: new EmailOutboxRepository(sql),
    emailDigest: new EmailDigestQueryRepository(sql),
    emailLifecycle: new EmailLifecycleQueryRepository(sql),
    enrollments: new EnrollmentRepository(sql),
    exchangeRates: new ExchangeRateRepository(sql),
    invoices: new InvoiceRepository(sql),
    jobs: new JobQueueRepository(sql, queue),
    payments: new PaymentRepository(sql),
    paymentMethods: new PaymentMethodRepository(sql),
    paymentMethodSetups: new PaymentMethodSetupRepository(sql),
    paymentQueries: new PaymentQueryRepository(sql),
    reconciliationReports: new ReconciliationReportRepository(sql),
    refunds: new RefundRepository(sql),
    revenueReports: new RevenueReportRepository(sql),
    saleEmails: new SaleEmailQueryRepository(sql),
    subscriptions: new SubscriptionRepository(sql),
    users: new UserRepository(sql),
    webhookEvents: new WebhookEventRepository(sql),
    webhookInbox: new WebhookInboxQueryRepository(sql),
    reviewQueue: new ReviewQueueRepository(sql),
  };
}

/**
 * What services get instead of a DataSource: repositories on the pool for single statements,
 * and `transaction` for work that must commit together (the repositories handed to the callback
 * all run on that transaction).
 */
export class DataStore {
  readonly repos: Repositories;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue?: PgBoss,
  ) {
    this.repos = repositoriesFor(dataSource.manager, queue);
  }

  /** A round trip to the database (readiness). */
  async ping(): Promise<void> {
    await new SqlRunner(this.dataSource.manager).query('SELECT 1');
  }

  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(repositoriesFor(manager, this.queue)));
  }
}
