import { Router } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { AuthService } from '../../services/auth/auth.service';
import { authenticate, principalOf } from '../middleware/auth.middleware';
import { parseInput } from '../validation';

const email = z.email('must be a valid email address').max(320);

const registerBody = z.strictObject({
  email,
  password: z.string().min(8, 'must be at least 8 characters').max(200),
  name: z.string().trim().min(1, 'is required').max(200),
});

const loginBody = z.strictObject({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(200),
});

export interface AuthRateLimits {
  /** Failed logins allowed per IP and email in the window. */
  loginFailures: number;
  /** Registrations allowed per IP in the window. */
  registrations: number;
  windowMs: number;
}

export function authRoutes(auth: AuthService, limits: AuthRateLimits): Router {
  const router = Router();
  const tooMany = {
    error: { code: 'rate_limited', message: 'Too many attempts; please wait a few minutes and try again' },
  };
  const loginLimiter = rateLimit({
    windowMs: limits.windowMs,
    limit: limits.loginFailures,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) =>
      `${ipKeyGenerator(req.ip ?? '')}:${String((req.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()}`,
    message: tooMany,
  });
  const registerLimiter = rateLimit({
    windowMs: limits.windowMs,
    limit: limits.registrations,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    message: tooMany,
  });

  router.post('/register', registerLimiter, async (req, res) => {
    res.status(201).json(await auth.register(parseInput(registerBody, req.body)));
  });

  router.post('/login', loginLimiter, async (req, res) => {
    res.json(await auth.login(parseInput(loginBody, req.body)));
  });

  router.get('/me', authenticate(auth), async (req, res) => {
    res.json({ user: await auth.me(principalOf(req).userId) });
  });

  return router;
}
