import { Router } from 'express';
import { z } from 'zod';
import { PROVIDERS } from '../../domain/payments/payment-status';
import type { AuthService } from '../../services/auth/auth.service';
import type { PaymentMethodService } from '../../services/payment-methods/payment-method.service';
import { authenticate, principalOf, requireRole } from '../middleware/auth.middleware';
import { parseInput } from '../validation';

const setupBody = z.strictObject({
  provider: z.enum(PROVIDERS, { error: `must be one of ${PROVIDERS.join(', ')}` }),
});

const listQuery = z.strictObject({
  /** Re-read the providers first (the page does after coming back from a setup). */
  refresh: z.enum(['true', 'false']).optional(),
});

const noBody = z.strictObject({});

/** The student's saved methods; every route acts on the caller's own methods only. */
export function paymentMethodRoutes(auth: AuthService, methods: PaymentMethodService): Router {
  const router = Router();
  router.use(authenticate(auth), requireRole('student'));

  router.get('/', async (req, res) => {
    const { refresh } = parseInput(listQuery, req.query, 'query');
    res.json({ items: await methods.list(principalOf(req).userId, refresh === 'true') });
  });

  router.post('/setup', async (req, res) => {
    const { provider } = parseInput(setupBody, req.body);
    res.status(201).json(await methods.startSetup(principalOf(req).userId, provider));
  });

  router.post('/setup/:setupId/complete', async (req, res) => {
    parseInput(noBody, req.body ?? {});
    res.json({ method: await methods.completeSetup(principalOf(req).userId, String(req.params.setupId)) });
  });

  router.post('/:id/default', async (req, res) => {
    parseInput(noBody, req.body ?? {});
    res.json(await methods.makeDefault(principalOf(req).userId, String(req.params.id)));
  });

  router.delete('/:id', async (req, res) => {
    await methods.remove(principalOf(req).userId, String(req.params.id));
    res.status(204).end();
  });

  return router;
}
