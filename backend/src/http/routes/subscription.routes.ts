import { Router } from 'express';
import { z } from 'zod';
import { PROVIDERS } from '../../domain/payments/payment-status';
import type { AuthService } from '../../services/auth/auth.service';
import type { SubscriptionCheckoutService } from '../../services/subscriptions/subscription-checkout.service';
import type { SubscriptionService } from '../../services/subscriptions/subscription.service';
import { authenticate, principalOf, requireRole } from '../middleware/auth.middleware';
import { parseInput } from '../validation';

const checkoutBody = z.strictObject({
  provider: z.enum(PROVIDERS, { error: `must be one of ${PROVIDERS.join(', ')}` }),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'must be a three-letter currency code')
    .optional(),
});

const cancelBody = z.strictObject({
  atPeriodEnd: z.boolean({ error: 'must be true or false' }),
});

const detailQuery = z.strictObject({
  /** Ask the provider for the latest state first (the return page's polls). */
  refresh: z.enum(['true', 'false']).optional(),
});

export function subscriptionRoutes(
  auth: AuthService,
  checkout: SubscriptionCheckoutService,
  subscriptions: SubscriptionService,
): Router {
  const router = Router();
  router.use(authenticate(auth));

  router.post('/checkout/:planId', requireRole('student'), async (req, res) => {
    const body = parseInput(checkoutBody, req.body);
    const result = await checkout.start({
      userId: principalOf(req).userId,
      planId: String(req.params.planId),
      provider: body.provider,
      currency: body.currency,
    });
    res.status(201).json(result);
  });

  router.get('/', async (req, res) => {
    res.json({ items: await subscriptions.list(principalOf(req)) });
  });

  router.get('/:id', async (req, res) => {
    const { refresh } = parseInput(detailQuery, req.query, 'query');
    res.json(await subscriptions.get(principalOf(req), String(req.params.id), refresh === 'true'));
  });

  router.post('/:id/cancel', requireRole('student'), async (req, res) => {
    const { atPeriodEnd } = parseInput(cancelBody, req.body);
    res.json(await subscriptions.cancel(principalOf(req), String(req.params.id), atPeriodEnd));
  });

  router.post('/:id/resume', requireRole('student'), async (req, res) => {
    parseInput(z.strictObject({}), req.body ?? {});
    res.json(await subscriptions.resume(principalOf(req), String(req.params.id)));
  });

  return router;
}
