import { Router } from 'express';
import { z } from 'zod';
import type { AuthService } from '../../services/auth/auth.service';
import { authenticate, principalOf } from '../middleware/auth.middleware';
import { parseInput } from '../validation';

/** Normalised and checked by AuthService, so " Admin@Example.com" is the account it names. */
const email = z.string().min(1).max(320);

const registerBody = z.strictObject({
  email,
  password: z.string().min(8, 'must be at least 8 characters').max(200),
  name: z.string().trim().min(1, 'is required').max(200),
});

const loginBody = z.strictObject({
  email,
  password: z.string().min(1).max(200),
});

/** Login and registration limits live in AuthService (keyed on the normalised email and this client IP). */
export function authRoutes(auth: AuthService): Router {
  const router = Router();

  router.post('/register', async (req, res) => {
    res.status(201).json(await auth.register(parseInput(registerBody, req.body), req.ip ?? ''));
  });

  router.post('/login', async (req, res) => {
    res.json(await auth.login(parseInput(loginBody, req.body), req.ip ?? ''));
  });

  router.get('/me', authenticate(auth), async (req, res) => {
    res.json({ user: await auth.me(principalOf(req).userId) });
  });

  return router;
}
