import { AuditLog } from './audit-log.entity';
import { Course } from './course.entity';
import { CoursePrice } from './course-price.entity';
import { Dispute } from './dispute.entity';
import { EmailOutbox } from './email-outbox.entity';
import { Enrollment } from './enrollment.entity';
import { ExchangeRate } from './exchange-rate.entity';
import { Invoice } from './invoice.entity';
import { Payment } from './payment.entity';
import { PaymentMethod } from './payment-method.entity';
import { PaymentMethodSetup } from './payment-method-setup.entity';
import { Plan } from './plan.entity';
import { PlanPrice } from './plan-price.entity';
import { ProviderCustomer } from './provider-customer.entity';
import { ReconciliationDrift } from './reconciliation-drift.entity';
import { ReconciliationRun } from './reconciliation-run.entity';
import { Refund } from './refund.entity';
import { Subscription } from './subscription.entity';
import { User } from './user.entity';
import { WebhookEvent } from './webhook-event.entity';
import { WebhookTransmission } from './webhook-transmission.entity';

export {
  AuditLog,
  Course,
  CoursePrice,
  Dispute,
  EmailOutbox,
  Enrollment,
  ExchangeRate,
  Invoice,
  Payment,
  PaymentMethod,
  PaymentMethodSetup,
  Plan,
  PlanPrice,
  ProviderCustomer,
  ReconciliationDrift,
  ReconciliationRun,
  Refund,
  Subscription,
  User,
  WebhookEvent,
  WebhookTransmission,
};

export const ENTITIES = [
  AuditLog,
  Course,
  CoursePrice,
  Dispute,
  EmailOutbox,
  Enrollment,
  ExchangeRate,
  Invoice,
  Payment,
  PaymentMethod,
  PaymentMethodSetup,
  Plan,
  PlanPrice,
  ProviderCustomer,
  ReconciliationDrift,
  ReconciliationRun,
  Refund,
  Subscription,
  User,
  WebhookEvent,
  WebhookTransmission,
];

export type { UserRole } from './user.entity';
