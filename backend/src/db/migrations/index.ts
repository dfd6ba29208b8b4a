import { InitialSchema1764100000000 } from './1764100000000-initial-schema';
import { PaymentStatusSplit1764900000000 } from './1764900000000-payment-status-split';
import { ExchangeRateProvenance1765000000000 } from './1765000000000-exchange-rate-provenance';
import { RefundsDisputesEntitlements1765200000000 } from './1765200000000-refunds-disputes-entitlements';
import { IssuedDocuments1765400000000 } from './1765400000000-issued-documents';
import { Subscriptions1765600000000 } from './1765600000000-subscriptions';
import { PaymentMethods1765800000000 } from './1765800000000-payment-methods';
import { AdminConsole1766000000000 } from './1766000000000-admin-console';
import { WebhookTransmissions1767000000000 } from './1767000000000-webhook-transmissions';
import { ReconciliationRotation1767000001000 } from './1767000001000-reconciliation-rotation';
import { EmailOutbox1768000000000 } from './1768000000000-email-outbox';

/** Listed explicitly (not globbed) so the compiled app and ts-jest find the same set. */
export const MIGRATIONS = [
  InitialSchema1764100000000,
  PaymentStatusSplit1764900000000,
  ExchangeRateProvenance1765000000000,
  RefundsDisputesEntitlements1765200000000,
  IssuedDocuments1765400000000,
  Subscriptions1765600000000,
  PaymentMethods1765800000000,
  AdminConsole1766000000000,
  WebhookTransmissions1767000000000,
  ReconciliationRotation1767000001000,
  EmailOutbox1768000000000,
];
