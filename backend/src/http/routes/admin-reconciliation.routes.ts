import { z } from 'zod';
import { defineRoute, type ApiRoute } from '../route-definition';
import { pageFields } from '../validation';

const reportQuery = z.strictObject(pageFields(25));

const TAGS = ['admin'];

/** The drift report: GET the latest run and the drift found, POST /run to reconcile now. */
export const adminReconciliationRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/admin/reconciliation',
    auth: 'admin',
    summary: 'The latest reconciliation run and the drift it found',
    tags: TAGS,
    query: reportQuery,
    responses: { 200: { description: 'The drift report' } },
    handle: ({ query }, { driftReports }) => driftReports.report(query),
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/reconciliation/run',
    auth: 'admin',
    summary: 'Reconcile with the providers now',
    tags: TAGS,
    query: reportQuery,
    responses: { 200: { description: 'The drift report of this run' } },
    handle: ({ principal, query }, { driftReports }) => driftReports.runNow({ adminUserId: principal.userId }, query),
  }),
];
