import { z } from 'zod';
import { PROVIDERS } from '../../domain/payments/payment-status';
import { WEBHOOK_EVENT_STATUSES } from '../../services/admin/webhook-inbox.service';
import { defineRoute, type ApiRoute } from '../route-definition';
import { orderedRange, RANGE_ORDER_ERROR, timeBound } from '../time-range-query';
import { pageFields, pathId } from '../validation';

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
    ...pageFields(25),
  })
  .refine(orderedRange, RANGE_ORDER_ERROR);

const eventId = z.strictObject({ id: pathId });

const TAGS = ['admin'];

/** The webhook inbox for admins: filtered list, one event, replay. */
export const adminWebhookEventRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/admin/webhook-events',
    auth: 'admin',
    summary: 'Received webhook events, newest first',
    tags: TAGS,
    query: listQuery,
    responses: { 200: { description: 'A page of events and the next cursor' } },
    handle: ({ query }, { webhookInbox }) => webhookInbox.list(query),
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/webhook-events/:id',
    auth: 'admin',
    summary: 'One webhook event with its payload and processing history',
    tags: TAGS,
    params: eventId,
    notFound: 'Webhook event',
    responses: { 200: { description: 'The event' } },
    handle: ({ params }, { webhookInbox }) => webhookInbox.get(params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/webhook-events/:id/replay',
    auth: 'admin',
    summary: 'Process a stored webhook event again',
    tags: TAGS,
    params: eventId,
    notFound: 'Webhook event',
    responses: { 200: { description: 'The outcome of the replay' } },
    handle: ({ principal, params }, { webhookInbox }) => webhookInbox.replay(principal.userId, params.id),
  }),
];
