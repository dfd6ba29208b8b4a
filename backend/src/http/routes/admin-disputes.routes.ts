import { Router } from 'express';
import { z } from 'zod';
import { DISPUTE_STATES } from '../../domain/disputes/dispute-state-machine';
import { PROVIDERS } from '../../domain/payments/payment-status';
import type { AuthService } from '../../services/auth/auth.service';
import type { DisputeQueryService } from '../../services/disputes/dispute-queries.service';
import { authenticate, requireRole } from '../middleware/auth.middleware';
import { parseInput } from '../validation';

const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
  status: z.enum(DISPUTE_STATES).optional(),
  provider: z.enum(PROVIDERS).optional(),
});

export function adminDisputeRoutes(auth: AuthService, disputes: DisputeQueryService): Router {
  const router = Router();
  router.use(authenticate(auth), requireRole('admin'));
  router.get('/', async (req, res) => {
    const query = parseInput(listQuery, req.query, 'query');
    res.json(await disputes.list(query));
  });
  return router;
}
