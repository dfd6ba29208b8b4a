import { Router } from 'express';
import { z } from 'zod';
import { PROVIDERS } from '../../domain/payments/payment-status';
import { SUBSCRIPTION_STATES, type SubscriptionState } from '../../domain/subscriptions/subscription-state-machine';
import type { AdminSubscriptionService } from '../../services/admin/admin-subscriptions.service';
import type { AuthService } from '../../services/auth/auth.service';
import { authenticate, requireRole } from '../middleware/auth.middleware';
import { parseInput, plainText } from '../validation';

const listQuery = z.strictObject({
  status: z.enum(SUBSCRIPTION_STATES as [SubscriptionState, ...SubscriptionState[]]).optional(),
  provider: z.enum(PROVIDERS).optional(),
  /** Email or name, case-insensitive substring. */
  q: plainText(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
});

/** Everyone's subscriptions for admins. */
export function adminSubscriptionRoutes(auth: AuthService, subscriptions: AdminSubscriptionService): Router {
  const router = Router();
  router.use(authenticate(auth), requireRole('admin'));
  router.get('/', async (req, res) => {
    res.json(await subscriptions.list(parseInput(listQuery, req.query, 'query')));
  });
  return router;
}
