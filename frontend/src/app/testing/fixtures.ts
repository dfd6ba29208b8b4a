import { Course, CoursePrice } from '../catalog/catalog-models';
import { AuthResponse } from '../core/auth/auth-models';
import { Payment } from '../core/payments/payment-models';

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
    invoiceNumbers: [],
    ...overrides,
  };
}

export function aSession(overrides: Partial<AuthResponse['user']> = {}): AuthResponse {
  return {
    token: 'token-123',
    user: { id: 'u1', email: 'student@example.com', name: 'Stu Dent', role: 'student', ...overrides },
  };
}
