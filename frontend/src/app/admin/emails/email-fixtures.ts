import { AdminEmail } from './email-models';

/** For specs: a purchase receipt sent to ana@example.com, unless overridden. */
export function anEmail(overrides: Partial<AdminEmail> = {}): AdminEmail {
  return {
    id: 'm1',
    kind: 'purchase_receipt',
    key: 'receipt:p1',
    status: 'sent',
    to: 'ana@example.com',
    subject: 'Your receipt for Angular Payments',
    userId: 'u1',
    paymentId: 'p1',
    refundId: null,
    subscriptionId: null,
    disputeId: null,
    attempts: 1,
    lastError: null,
    resends: 0,
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:00:02.000Z',
    sentAt: '2026-03-01T10:00:02.000Z',
    ...overrides,
  };
}
