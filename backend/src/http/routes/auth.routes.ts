import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { defineRoute, type ApiRoute, type IpRateLimitName } from '../route-definition';

const email = z.email('must be a valid email address').max(320);

const registerBody = z
  .strictObject({
    email,
    password: z.string().min(8, 'must be at least 8 characters').max(200),
    name: z.string().trim().min(1, 'is required').max(200),
  })
  .meta({ examples: [{ email: 'ada@example.com', password: 'analytical-engine', name: 'Ada Lovelace' }] });

const loginBody = z
  .strictObject({
    email: z.string().min(1).max(320),
    password: z.string().min(1).max(200),
  })
  .meta({ examples: [{ email: 'ada@example.com', password: 'analytical-engine' }] });

export interface AuthRateLimits {
  /** Failed logins allowed per IP and email in the window. */
  loginFailures: number;
  /** Registrations allowed per IP in the window. */
  registrations: number;
  windowMs: number;
}

/** The per-IP limiters the auth routes name in `ipRateLimit`. */
export function authIpLimiters(limits: AuthRateLimits): Record<IpRateLimitName, RequestHandler> {
  const tooMany = {
    error: { code: 'rate_limited', message: 'Too many attempts; please wait a few minutes and try again' },
  };
  return {
    login: rateLimit({
      windowMs: limits.windowMs,
      limit: limits.loginFailures,
      skipSuccessfulRequests: true,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: (req) =>
        `${ipKeyGenerator(req.ip ?? '')}:${String((req.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()}`,
      message: tooMany,
    }),
    registration: rateLimit({
      windowMs: limits.windowMs,
      limit: limits.registrations,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      message: tooMany,
    }),
  };
}

const TAGS = ['auth'];

export const authRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'post',
    path: '/api/auth/register',
    auth: 'public',
    summary: 'Register a student account',
    tags: TAGS,
    body: registerBody,
    ipRateLimit: 'registration',
    responses: {
      201: { description: 'The new user and a bearer token' },
      409: { description: 'The email is taken (`email_taken`)' },
    },
    handle: ({ body }, { auth }) => auth.register(body),
  }),
  defineRoute({
    method: 'post',
    path: '/api/auth/login',
    auth: 'public',
    summary: 'Sign in with email and password',
    tags: TAGS,
    body: loginBody,
    ipRateLimit: 'login',
    responses: {
      200: { description: 'The user and a bearer token' },
      401: { description: 'Wrong email or password (`invalid_credentials`)' },
    },
    handle: ({ body }, { auth }) => auth.login(body),
  }),
  defineRoute({
    method: 'get',
    path: '/api/auth/me',
    auth: 'signed_in',
    summary: 'The signed-in user',
    tags: TAGS,
    responses: { 200: { description: '`{user}`' } },
    handle: async ({ principal }, { auth }) => ({ user: await auth.me(principal.userId) }),
  }),
];
