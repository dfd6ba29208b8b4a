import { Course, CoursePrice } from '../catalog/catalog-models';
import { AuthResponse } from '../core/auth/auth-models';
import { DocumentSummary, InvoiceRef } from '../core/invoices/invoice-models';
import { PaymentMethod } from '../core/payment-methods/payment-method-models';
import { Payment } from '../core/payments/payment-models';
import { Subscription } from '../core/subscriptions/subscription-models';
import { Plan } from '../subscriptions/plan-models';

/** A catalog price both providers can take, unless overridden. */
export function aPrice(amount: number, currency: string, overrides: Partial<CoursePrice> = {}): CoursePrice {
  return { amount, currency, providers: ['stripe', 'paypal'], unavailable: [], ...overrides };
}

export function aCourse(overrides: Partial<Course> = {}): Course {
  return {
    id: 'c1',
    slug: 'angular-payments',
    title: 'Angular Payments',
    description: 'Take money safely.',
    price: aPrice(4900, 'EUR'),
    ...overrides,
  };
}

export function aPayment(overrides: Partial<Payment> = {}): Payment {
  const status = overrides.status ?? 'pending';
  const amount = overrides.amount ?? { amount: 4900, currency: 'EUR' };
  return {
    id: 'p1',
    provider: 'stripe',
    status,
    label: status,
    amount,
    refundedAmount: { amount: 0, currency: amount.currency },
    course: { id: 'c1', title: 'Angular Payments' },
    failureReason: null,
    createdAt: '2025-03-01T10:00:00.000Z',
    completedAt: null,
    refunds: [],
    invoice: null,
    creditNotes: [],
    ...overrides,
  };
}

/** An issued invoice (kind `invoice`), unless overridden. */
export function aDocument(overrides: Partial<DocumentSummary> = {}): DocumentSummary {
  const id = overrides.id ?? 'd1';
  return {
    id,
    kind: 'invoice',
    number: 'INV-2026-000042',
    paymentId: 'p1',
    total: { amount: 4900, currency: 'EUR' },
    issuedAt: '2026-03-01T10:00:05.000Z',
    downloadUrl: `/api/invoices/documents/${id}`,
    ...overrides,
  };
}

/** The `invoice` of a payment view. */
export function anInvoiceRef(overrides: Partial<InvoiceRef> = {}): InvoiceRef {
  const id = overrides.id ?? 'd1';
  return { id, number: 'INV-2026-000042', downloadUrl: `/api/invoices/documents/${id}`, ...overrides };
}

export function aSession(overrides: Partial<AuthResponse['user']> = {}): AuthResponse {
  return {
    token: 'token-123',
    user: { id: 'u1', email: 'student@example.com', name: 'Stu Dent', role: 'student', ...overrides },
  };
}

/** A published monthly plan both providers can take, unless overridden. */
export function aPlan(overrides: Partial<Plan> = {}): Plan {
  return {
    id: 'plan-m',
    slug: 'all-access-monthly',
    name: 'All Access — Monthly',
    description: 'Every course, billed monthly.',
    interval: 'month',
    trialDays: 0,
    price: aPrice(1800, 'EUR'),
    ...overrides,
  };
}

/** An active Stripe subscription to the monthly plan that renews on 1 April 2026, unless overridden. */
export function aSubscription(overrides: Partial<Subscription> = {}): Subscription {
  return {
    id: 's1',
    userId: 'u1',
    provider: 'stripe',
    status: 'active',
    plan: { id: 'plan-m', slug: 'all-access-monthly', name: 'All Access — Monthly', interval: 'month' },
    price: { amount: 1800, currency: 'EUR' },
    currentPeriodStart: '2026-03-01T10:00:00.000Z',
    currentPeriodEnd: '2026-04-01T10:00:00.000Z',
    cancelAtPeriodEnd: false,
    canceledAt: null,
    trialEnd: null,
    nextRenewal: { at: '2026-04-01T10:00:00.000Z', amount: { amount: 1800, currency: 'EUR' } },
    access: 'full',
    graceEndsAt: null,
    accessEndsAt: null,
    paymentProblem: null,
    actions: { cancel: true, resume: false },
    createdAt: '2026-03-01T09:59:00.000Z',
    payments: [],
    ...overrides,
  };
}

/** A saved Visa card on Stripe, expiring 12/2034, not the default, unless overridden. */
export function aCard(overrides: Partial<PaymentMethod> = {}): PaymentMethod {
  return {
    id: 'pm-card-1',
    provider: 'stripe',
    type: 'card',
    brand: 'visa',
    last4: '4242',
    expMonth: 12,
    expYear: 2034,
    email: null,
    label: 'Visa •••• 4242',
    isDefault: false,
    expired: false,
    createdAt: '2026-03-01T10:00:00.000Z',
    ...overrides,
  };
}

/** A saved PayPal wallet (ana@example.com), not the default, unless overridden. */
export function aPaypalWallet(overrides: Partial<PaymentMethod> = {}): PaymentMethod {
  return {
    id: 'pm-paypal-1',
    provider: 'paypal',
    type: 'paypal',
    brand: null,
    last4: null,
    expMonth: null,
    expYear: null,
    email: 'ana@example.com',
    label: 'PayPal (ana@example.com)',
    isDefault: false,
    expired: false,
    createdAt: '2026-03-02T10:00:00.000Z',
    ...overrides,
  };
}
