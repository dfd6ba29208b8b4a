import { z } from 'zod';
import { DISPUTE_STATES } from '../../domain/disputes/dispute-state-machine';
import { PROVIDERS } from '../../domain/payments/payment-status';
import { defineRoute, type ApiRoute } from '../route-definition';
import { pageFields } from '../validation';

const listQuery = z.strictObject({
  ...pageFields(25),
  status: z.enum(DISPUTE_STATES).optional(),
  provider: z.enum(PROVIDERS).optional(),
});

export const adminDisputeRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/admin/disputes',
    auth: 'admin',
    summary: 'Disputes (chargebacks), newest first',
    tags: ['admin'],
    query: listQuery,
    responses: { 200: { description: 'A page of disputes and the next cursor' } },
    handle: ({ query }, { disputes }) => disputes.list(query),
  }),
];
