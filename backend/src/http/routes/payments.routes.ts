import { Router } from 'express';
import { z } from 'zod';
import { PAYMENT_STATUSES, PROVIDERS } from '../../domain/payments/payment-status';
import { ValidationError } from '../../errors/app-error';
import type { AuthService } from '../../services/auth/auth.service';
import type { CheckoutService } from '../../services/checkout/checkout.service';
import type { PaymentQueryService } from '../../services/payments/payment-queries.service';
import type { RefundService } from '../../services/refunds/refund.service';
import { toRefundView } from '../../services/refunds/refund-views';
import { authenticate, principalOf, requireRole } from '../middleware/auth.middleware';
import { idempotencyKeyOf, parseInput, plainText } from '../validation';

const checkoutBody = z.strictObject({
  provider: z.enum(PROVIDERS, { error: `must be one of ${PROVIDERS.join(', ')}` }),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'must be a three-letter currency code')
    .optional(),
  /** The amount the student was shown, in minor units of `currency` (or the default currency). */
  expectedAmount: z
    .number()
    .int('must be a whole number of minor units')
    .min(0)
    .max(Number.MAX_SAFE_INTEGER)
    .optional(),
  /** A saved method of the student's to pay with (a vaulted PayPal wallet). */
  paymentMethodId: z.uuid({ error: 'must be the id of one of your saved payment methods' }).optional(),
});

const historyQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  status: z.enum(PAYMENT_STATUSES).optional(),
  userId: z.uuid().optional(),
});

const paymentQuery = z.strictObject({
  /** Ask the provider for the latest state first (the checkout return page does this once). */
  refresh: z.enum(['true', 'false']).optional(),
});

const refundBody = z.strictObject({
  /** Minor units of the payment's currency; the whole refundable remainder when absent. */
  amount: z.number().int('must be a whole number of minor units').positive().max(Number.MAX_SAFE_INTEGER).optional(),
  reason: plainText(500).optional(),
});

export function paymentRoutes(
  auth: AuthService,
  checkout: CheckoutService,
  payments: PaymentQueryService,
  refunds: RefundService,
): Router {
  const router = Router();
  router.use(authenticate(auth));

  router.post('/checkout/:courseId', requireRole('student'), async (req, res) => {
    const body = parseInput(checkoutBody, req.body);
    const key = idempotencyKeyOf(req);
    const result = await checkout.startCourseCheckout({
      userId: principalOf(req).userId,
      courseId: String(req.params.courseId),
      provider: body.provider,
      currency: body.currency,
      expectedAmount: body.expectedAmount,
      paymentMethodId: body.paymentMethodId,
      idempotencyKey: key,
    });
    res.status(201).json(result);
  });

  router.post('/paypal/capture/:orderId', requireRole('student', 'admin'), async (req, res) => {
    res.json(await checkout.capturePayPalOrder(principalOf(req), String(req.params.orderId)));
  });

  router.post('/refund/:paymentId', requireRole('admin'), async (req, res) => {
    const body = parseInput(refundBody, req.body ?? {});
    const refund = await refunds.refundPayment({
      adminUserId: principalOf(req).userId,
      paymentId: String(req.params.paymentId),
      amount: body.amount,
      reason: body.reason,
      requestKey: idempotencyKeyOf(req),
    });
    res.status(201).json({ refund: toRefundView(refund) });
  });

  router.get('/history', async (req, res) => {
    const query = parseInput(historyQuery, req.query, 'query');
    const principal = principalOf(req);
    if (query.userId && principal.role !== 'admin' && query.userId !== principal.userId) {
      throw new ValidationError('The userId filter is only for admins', [{ path: 'userId', message: 'not allowed' }]);
    }
    res.json(await payments.history(principal, query));
  });

  router.get('/:id', async (req, res) => {
    const { refresh } = parseInput(paymentQuery, req.query, 'query');
    const principal = principalOf(req);
    const id = String(req.params.id);
    res.json(
      refresh === 'true' ? await payments.refreshFromProvider(principal, id) : await payments.getPayment(principal, id),
    );
  });

  return router;
}
