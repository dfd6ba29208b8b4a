import { AdminPaymentDetail, AdminPaymentRow, AdminRefund, ReviewItem, TimelineEntry } from '../admin/admin-models';

const STUDENT = { id: 'u1', email: 'student@example.com', name: 'Stu Dent' };

/** A completed €50.00 Stripe payment for "Angular Payments", nothing refunded, unless overridden. */
export function anAdminPaymentRow(overrides: Partial<AdminPaymentRow> = {}): AdminPaymentRow {
  const amount = overrides.amount ?? { amount: 5000, currency: 'EUR' };
  return {
    id: 'p1',
    user: STUDENT,
    provider: 'stripe',
    status: 'completed',
    label: 'completed',
    amount,
    refundedAmount: { amount: 0, currency: amount.currency },
    refundableAmount: amount,
    course: { id: 'c1', title: 'Angular Payments' },
    subscription: null,
    providerSessionId: 'cs_test_1',
    providerPaymentId: 'pi_test_1',
    createdAt: '2026-03-01T10:00:00.000Z',
    completedAt: '2026-03-01T10:00:05.000Z',
    ...overrides,
  };
}

/** A refund of €12.50 asked by an admin, pending at the provider, unless overridden. */
export function aRefund(overrides: Partial<AdminRefund> = {}): AdminRefund {
  return {
    id: 'r1',
    paymentId: 'p1',
    amount: { amount: 1250, currency: 'EUR' },
    status: 'pending',
    origin: 'admin',
    reason: 'Asked by email',
    failureReason: null,
    createdAt: '2026-03-02T09:00:00.000Z',
    updatedAt: '2026-03-02T09:00:00.000Z',
    ...overrides,
  };
}

export function aTimelineEntry(overrides: Partial<TimelineEntry> = {}): TimelineEntry {
  return {
    at: '2026-03-01T10:00:00.000Z',
    kind: 'checkout',
    title: 'Checkout started with Stripe',
    actor: { kind: 'user', userId: 'u1', email: 'student@example.com' },
    amount: { amount: 5000, currency: 'EUR' },
    status: null,
    data: {},
    links: {},
    ...overrides,
  };
}

type DetailPayment = AdminPaymentDetail['payment'];

/** The detail of the payment of `anAdminPaymentRow()`, with its invoice and a short timeline, unless overridden. */
export function aPaymentDetail(
  overrides: Partial<DetailPayment> = {},
  timeline: TimelineEntry[] = [aTimelineEntry()],
): AdminPaymentDetail {
  const row = anAdminPaymentRow();
  return {
    payment: {
      id: row.id,
      userId: row.user.id,
      user: row.user,
      provider: row.provider,
      status: row.status,
      label: row.label,
      amount: row.amount,
      refundedAmount: row.refundedAmount,
      refundableAmount: row.refundableAmount,
      course: row.course,
      subscription: null,
      failureCode: null,
      failureReason: null,
      createdAt: row.createdAt,
      completedAt: row.completedAt,
      refunds: [],
      disputes: [],
      invoice: { id: 'd1', number: 'INV-2026-000042', downloadUrl: '/api/invoices/documents/d1' },
      creditNotes: [],
      providerSessionId: row.providerSessionId,
      providerPaymentId: row.providerPaymentId,
      reviewReason: null,
      confirmedAmount: null,
      ...overrides,
    },
    timeline,
  };
}

/** A Stripe payment in review: €50.00 expected, €45.00 confirmed, unless overridden. */
export function aReviewItem(overrides: Partial<ReviewItem> = {}): ReviewItem {
  return {
    ...anAdminPaymentRow({
      status: 'requires_review',
      label: 'requires_review',
      refundableAmount: { amount: 0, currency: 'EUR' },
      completedAt: null,
    }),
    reviewReason: 'Stripe confirmed 45.00 EUR; the checkout expected 50.00 EUR',
    confirmedAmount: { amount: 4500, currency: 'EUR' },
    ...overrides,
  };
}
