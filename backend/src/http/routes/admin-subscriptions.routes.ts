import { z } from 'zod';
import { PROVIDERS } from '../../domain/payments/payment-status';
import { SUBSCRIPTION_STATES, type SubscriptionState } from '../../domain/subscriptions/subscription-state-machine';
import { defineRoute, type ApiRoute } from '../route-definition';
import { pageFields, plainText } from '../validation';

const listQuery = z.strictObject({
  status: z.enum(SUBSCRIPTION_STATES as [SubscriptionState, ...SubscriptionState[]]).optional(),
  provider: z.enum(PROVIDERS).optional(),
  /** Email or name, case-insensitive substring. */
  q: plainText(200).optional(),
  ...pageFields(25),
});

/** Everyone's subscriptions for admins. */
export const adminSubscriptionRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/admin/subscriptions',
    auth: 'admin',
    summary: "Everyone's subscriptions, by status, provider or student",
    tags: ['admin'],
    query: listQuery,
    responses: { 200: { description: 'A page of subscriptions and the next cursor' } },
    handle: ({ query }, { adminSubscriptions }) => adminSubscriptions.list(query),
  }),
];
