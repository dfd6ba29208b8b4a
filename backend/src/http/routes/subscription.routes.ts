import { z } from 'zod';
import { PROVIDERS } from '../../domain/payments/payment-status';
import { defineRoute, type ApiRoute } from '../route-definition';
import { currencyCode, pathId, refreshFlag } from '../validation';

const checkoutBody = z
  .strictObject({
    provider: z.enum(PROVIDERS, { error: `must be one of ${PROVIDERS.join(', ')}` }),
    currency: currencyCode.optional(),
  })
  .meta({ examples: [{ provider: 'paypal', currency: 'USD' }] });

const cancelBody = z
  .strictObject({
    atPeriodEnd: z.boolean({ error: 'must be true or false' }),
  })
  .meta({ examples: [{ atPeriodEnd: true }] });

const detailQuery = z.strictObject({
  /** Ask the provider for the latest state first (the return page's polls). */
  refresh: refreshFlag,
});

const subscriptionId = z.strictObject({ id: pathId });

const TAGS = ['subscriptions'];

export const subscriptionRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'post',
    path: '/api/subscriptions/checkout/:planId',
    auth: 'student',
    owner: 'caller',
    summary: "Start a subscription checkout at the provider's hosted page",
    tags: TAGS,
    params: z.strictObject({ planId: pathId }),
    notFound: 'Plan',
    body: checkoutBody,
    rateLimit: { name: 'checkout' },
    responses: {
      201: { description: 'The subscription and where to send the student (`checkoutUrl`)' },
      409: { description: 'Already subscribed, or the provider bills the student in another currency' },
    },
    handle: ({ principal, params, body }, { subscriptionCheckout }) =>
      subscriptionCheckout.start({
        userId: principal.userId,
        planId: params.planId,
        provider: body.provider,
        currency: body.currency,
      }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/subscriptions',
    auth: 'signed_in',
    owner: 'caller',
    summary: "The caller's subscriptions, newest first",
    tags: TAGS,
    responses: { 200: { description: '`{items}`: the subscriptions' } },
    handle: async ({ principal }, { subscriptions }) => ({ items: await subscriptions.list(principal) }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/subscriptions/:id',
    auth: 'signed_in',
    owner: 'caller_or_admin',
    summary: 'One subscription with its cycle payments',
    tags: TAGS,
    params: subscriptionId,
    notFound: 'Subscription',
    query: detailQuery,
    responses: { 200: { description: 'The subscription' } },
    handle: ({ principal, params, query }, { subscriptions }) =>
      subscriptions.get(principal, params.id, query.refresh === 'true'),
  }),
  defineRoute({
    method: 'post',
    path: '/api/subscriptions/:id/cancel',
    auth: 'student',
    owner: 'caller',
    summary: 'Cancel a subscription now or at the end of the paid period',
    tags: TAGS,
    params: subscriptionId,
    notFound: 'Subscription',
    body: cancelBody,
    responses: {
      200: { description: 'The subscription' },
      409: { description: 'Not cancelable in its state' },
    },
    handle: ({ principal, params, body }, { subscriptions }) =>
      subscriptions.cancel(principal, params.id, body.atPeriodEnd),
  }),
  defineRoute({
    method: 'post',
    path: '/api/subscriptions/:id/resume',
    auth: 'student',
    owner: 'caller',
    summary: 'Undo a cancellation at period end',
    tags: TAGS,
    params: subscriptionId,
    notFound: 'Subscription',
    responses: {
      200: { description: 'The subscription' },
      409: { description: 'Not resumable in its state' },
    },
    handle: ({ principal, params }, { subscriptions }) => subscriptions.resume(principal, params.id),
  }),
];
