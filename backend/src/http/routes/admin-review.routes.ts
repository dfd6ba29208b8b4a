import { z } from 'zod';
import { REVIEW_RESOLUTIONS } from '../../domain/payments/review-resolution';
import { defineRoute, type ApiRoute } from '../route-definition';
import { pageFields, pathId, plainText } from '../validation';

const queueQuery = z.strictObject(pageFields(25));

const resolveBody = z
  .strictObject({
    resolution: z.enum(REVIEW_RESOLUTIONS, { error: `must be one of ${REVIEW_RESOLUTIONS.join(', ')}` }),
    note: plainText(500),
  })
  .meta({ examples: [{ resolution: REVIEW_RESOLUTIONS[0], note: 'Checked with the provider' }] });

const TAGS = ['admin'];

/** The review queue (payments in requires_review) and an admin's resolution of one. */
export const adminReviewRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/admin/review',
    auth: 'admin',
    summary: 'Payments waiting for review, oldest first',
    tags: TAGS,
    query: queueQuery,
    responses: { 200: { description: 'A page of payments to review and the next cursor' } },
    handle: ({ query }, { review }) => review.queue(query),
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/review/:paymentId/resolve',
    auth: 'admin',
    summary: 'Resolve a payment under review',
    tags: TAGS,
    params: z.strictObject({ paymentId: pathId }),
    notFound: 'Payment',
    body: resolveBody,
    responses: {
      200: { description: 'The payment as resolved' },
      409: { description: 'The payment is not under review' },
    },
    handle: ({ principal, params, body }, { review }) =>
      review.resolve(principal, { paymentId: params.paymentId, resolution: body.resolution, note: body.note }),
  }),
];
