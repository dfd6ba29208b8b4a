import { Router } from 'express';
import { z } from 'zod';
import { isKnownCurrency } from '../../domain/money';
import { PAYMENT_LABELS } from '../../domain/payments/payment-label';
import { PAYMENT_STATUSES, PROVIDERS } from '../../domain/payments/payment-status';
import { ADMIN_PAYMENT_SORTS, type AdminPaymentsService } from '../../services/admin/admin-payments.service';
import type { AuthService } from '../../services/auth/auth.service';
import { authenticate, requireRole } from '../middleware/auth.middleware';
import { parseInput } from '../validation';

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
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
});

const noQuery = z.strictObject({});

/** The admin payments search and one payment's page with its timeline. */
export function adminPaymentRoutes(auth: AuthService, payments: AdminPaymentsService): Router {
  const router = Router();
  router.use(authenticate(auth), requireRole('admin'));
  router.get('/', async (req, res) => {
    res.json(await payments.search(parseInput(searchQuery, req.query, 'query')));
  });
  router.get('/:id', async (req, res) => {
    parseInput(noQuery, req.query, 'query');
    res.json(await payments.detail(String(req.params.id)));
  });
  return router;
}
