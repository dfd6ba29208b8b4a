import { z } from 'zod';
import { PROVIDERS } from '../../domain/payments/payment-status';
import { Reply } from '../reply';
import { defineRoute, type ApiRoute } from '../route-definition';
import { pathId, refreshFlag } from '../validation';

const setupBody = z
  .strictObject({
    provider: z.enum(PROVIDERS, { error: `must be one of ${PROVIDERS.join(', ')}` }),
  })
  .meta({ examples: [{ provider: 'paypal' }] });

const listQuery = z.strictObject({
  /** Re-read the providers first (the page does after coming back from a setup). */
  refresh: refreshFlag,
});

const methodId = z.strictObject({ id: pathId });

const TAGS = ['payment methods'];

/** The student's saved methods; every route acts on the caller's own methods only. */
export const paymentMethodRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/payment-methods',
    auth: 'student',
    owner: 'caller',
    summary: "The student's saved payment methods",
    tags: TAGS,
    query: listQuery,
    rateLimit: { name: 'refresh', when: ({ query }) => query.refresh === 'true' },
    responses: { 200: { description: '`{items}`: the saved methods, the default first' } },
    handle: async ({ principal, query }, { paymentMethods }) => ({
      items: await paymentMethods.list(principal.userId, query.refresh === 'true'),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/payment-methods/setup',
    auth: 'student',
    owner: 'caller',
    summary: "Start saving a payment method at the provider's hosted page",
    tags: TAGS,
    body: setupBody,
    rateLimit: { name: 'setup' },
    responses: { 201: { description: 'The setup and where to send the student' } },
    handle: ({ principal, body }, { paymentMethods }) => paymentMethods.startSetup(principal.userId, body.provider),
  }),
  defineRoute({
    method: 'post',
    path: '/api/payment-methods/setup/:setupId/complete',
    auth: 'student',
    owner: 'caller',
    summary: 'Finish a setup after the provider sent the student back',
    tags: TAGS,
    params: z.strictObject({ setupId: pathId }),
    notFound: 'Setup',
    responses: {
      200: { description: '`{method}`: the saved method' },
      409: { description: 'The provider has not completed the setup' },
    },
    handle: async ({ principal, params }, { paymentMethods }) => ({
      method: await paymentMethods.completeSetup(principal.userId, params.setupId),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/payment-methods/:id/default',
    auth: 'student',
    owner: 'caller',
    summary: 'Make a saved method the default',
    tags: TAGS,
    params: methodId,
    notFound: 'Payment method',
    responses: { 200: { description: 'The method' } },
    handle: ({ principal, params }, { paymentMethods }) => paymentMethods.makeDefault(principal.userId, params.id),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/payment-methods/:id',
    auth: 'student',
    owner: 'caller',
    summary: 'Remove a saved method (at the provider too)',
    tags: TAGS,
    params: methodId,
    notFound: 'Payment method',
    responses: { 204: { description: 'Removed' } },
    handle: async ({ principal, params }, { paymentMethods }) => {
      await paymentMethods.remove(principal.userId, params.id);
      return Reply.noContent();
    },
  }),
];
