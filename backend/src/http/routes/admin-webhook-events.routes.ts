import { Router } from 'express';
import { z } from 'zod';
import { PROVIDERS } from '../../domain/payments/payment-status';
import type { AuthService } from '../../services/auth/auth.service';
import { WEBHOOK_EVENT_STATUSES, type WebhookInboxService } from '../../services/admin/webhook-inbox.service';
import { authenticate, principalOf, requireRole } from '../middleware/auth.middleware';
import { orderedRange, RANGE_ORDER_ERROR, timeBound } from '../time-range-query';
import { parseInput } from '../validation';

const listQuery = z
  .strictObject({
    provider: z.enum(PROVIDERS).optional(),
    /** Exact, or a prefix ending in `*` (`charge.*`). */
    type: z
      .string()
      .max(100)
      .regex(/^[A-Za-z0-9_.-]+\*?$/, 'must be an event type, or a prefix of one ending in *')
      .optional(),
    status: z.enum(WEBHOOK_EVENT_STATUSES).optional(),
    /** The provider's event id, exact. */
    eventId: z
      .string()
      .max(255)
      .regex(/^[A-Za-z0-9_.-]+$/, "must be a provider's event id (evt_..., WH-...)")
      .optional(),
    from: timeBound('from').optional(),
    to: timeBound('to').optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(200).optional(),
  })
  .refine(orderedRange, RANGE_ORDER_ERROR);

/** The webhook inbox for admins: filtered list, one event, replay. */
export function adminWebhookEventRoutes(auth: AuthService, inbox: WebhookInboxService): Router {
  const router = Router();
  router.use(authenticate(auth), requireRole('admin'));

  router.get('/', async (req, res) => {
    res.json(await inbox.list(parseInput(listQuery, req.query, 'query')));
  });

  router.get('/:id', async (req, res) => {
    res.json(await inbox.get(String(req.params.id)));
  });

  router.post('/:id/replay', async (req, res) => {
    res.json(await inbox.replay(principalOf(req).userId, String(req.params.id)));
  });
  return router;
}
