import { z } from 'zod';
import { isKnownCurrency } from '../../domain/money';
import { PAYMENT_LABELS } from '../../domain/payments/payment-label';
import { PAYMENT_STATUSES, PROVIDERS } from '../../domain/payments/payment-status';
import { ADMIN_PAYMENT_SORTS } from '../../services/admin/admin-payments.service';
import { defineRoute, type ApiRoute } from '../route-definition';
import { pageFields, pathId } from '../validation';

const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'must be a date (YYYY-MM-DD, a whole UTC day) or an ISO 8601 date-time with a time zone',
});

const minorUnits = z
  .string()
  .regex(/^\d{1,16}$/, 'must be a whole, non-negative number of minor units')
  .transform(Number)
  .refine(Number.isSafeInteger, 'is too large');

const searchQuery = z.strictObject({
  q: z.string().trim().min(1).max(200).optional(),
  status: z.enum(PAYMENT_STATUSES).optional(),
  label: z.enum(PAYMENT_LABELS).optional(),
  provider: z.enum(PROVIDERS).optional(),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'must be a three-letter ISO 4217 code')
    .transform((code) => code.toUpperCase())
    .refine(isKnownCurrency, 'is not an ISO 4217 currency')
    .optional(),
  from: instant.optional(),
  to: instant.optional(),
  minAmount: minorUnits.optional(),
  maxAmount: minorUnits.optional(),
  reference: z.string().trim().min(1).max(255).optional(),
  sort: z.enum(ADMIN_PAYMENT_SORTS).default('created_desc'),
  ...pageFields(25),
});

const TAGS = ['admin'];

/** The admin payments search and one payment's page with its timeline. */
export const adminPaymentRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/admin/payments',
    auth: 'admin',
    summary: 'Search payments by text, status, label, provider, currency, time and amount',
    tags: TAGS,
    query: searchQuery,
    responses: { 200: { description: 'A page of payments and the next cursor' } },
    handle: ({ query }, { adminPayments }) => adminPayments.search(query),
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/payments/:id',
    auth: 'admin',
    summary: 'One payment with its refunds, disputes, documents and timeline',
    tags: TAGS,
    params: z.strictObject({ id: pathId }),
    notFound: 'Payment',
    responses: { 200: { description: 'The payment page' } },
    handle: ({ params }, { adminPayments }) => adminPayments.detail(params.id),
  }),
];
