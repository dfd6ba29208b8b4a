/** Types of the public HTTP API (see shared/DESIGN.md). Amounts are integers in minor units. */

export type Role = 'student' | 'admin';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface AuthResponse {
  token: string;
  user: User;
}

export interface Money {
  /** Integer amount in the currency's minor unit (cents, yen, fils…). */
  amount: number;
  /** ISO 4217 code, upper case. */
  currency: string;
}

export interface CurrencyInfo {
  code: string;
  exponent: number;
}

export interface CurrenciesResponse {
  defaultCurrency: string;
  items: CurrencyInfo[];
}

export interface Course {
  id: string;
  slug: string;
  title: string;
  description: string;
  price: Money;
}

export interface Enrollment {
  id: string;
  courseId: string;
  courseTitle: string;
  enrolledAt: string;
}

export type PaymentProvider = 'stripe' | 'paypal';

export type PaymentStatus =
  | 'pending'
  | 'processing'
  | 'completed'
  | 'failed'
  | 'canceled'
  | 'refunded'
  | 'partially_refunded'
  | 'disputed'
  | 'requires_review';

export interface Refund {
  id: string;
  amount: Money;
  status: string;
  createdAt: string;
}

export interface Payment {
  id: string;
  provider: PaymentProvider;
  status: PaymentStatus;
  amount: Money;
  course: { id: string; title: string } | null;
  failureReason: string | null;
  createdAt: string;
  completedAt: string | null;
  refunds: Refund[];
  invoiceNumbers: string[];
}

export interface CheckoutSession {
  paymentId: string;
  provider: PaymentProvider;
  providerSessionId: string;
  checkoutUrl: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    details?: { path: string; message: string }[];
  };
}
