import { z } from 'zod';
import { defineRoute, type ApiRoute } from '../route-definition';

/** Normalised and checked by AuthService, so " Admin@Example.com" is the account it names. */
const email = z.string().min(1).max(320);

const registerBody = z
  .strictObject({
    email,
    password: z.string().min(8, 'must be at least 8 characters').max(200),
    name: z.string().trim().min(1, 'is required').max(200),
  })
  .meta({ examples: [{ email: 'ada@example.com', password: 'analytical-engine', name: 'Ada Lovelace' }] });

const loginBody = z
  .strictObject({
    email,
    password: z.string().min(1).max(200),
  })
  .meta({ examples: [{ email: 'ada@example.com', password: 'analytical-engine' }] });

const TAGS = ['auth'];

export const authRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'post',
    path: '/api/auth/register',
    auth: 'public',
    summary: 'Register a student account',
    tags: TAGS,
    body: registerBody,
    signInLimit: 'registration',
    responses: {
      201: { description: 'The new user and a bearer token' },
      409: { description: 'The email is taken (`email_taken`)' },
    },
    handle: ({ body, ip }, { auth }) => auth.register(body, ip),
  }),
  defineRoute({
    method: 'post',
    path: '/api/auth/login',
    auth: 'public',
    summary: 'Sign in with email and password',
    tags: TAGS,
    body: loginBody,
    signInLimit: 'login',
    responses: {
      200: { description: 'The user and a bearer token' },
      401: { description: 'Wrong email or password (`invalid_credentials`)' },
    },
    handle: ({ body, ip }, { auth }) => auth.login(body, ip),
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
