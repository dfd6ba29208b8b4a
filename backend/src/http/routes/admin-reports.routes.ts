import { z } from 'zod';
import { Reply } from '../reply';
import { defineRoute, type ApiRoute } from '../route-definition';

const revenueQuery = z
  .strictObject({
    from: z.iso.date({ error: 'must be an ISO date (YYYY-MM-DD)' }),
    to: z.iso.date({ error: 'must be an ISO date (YYYY-MM-DD)' }),
    interval: z.enum(['day', 'month']).default('day'),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .meta({ examples: [{ from: '2026-01-01', to: '2026-03-31', interval: 'month' }] });

/** Admin reports: revenue per currency and period, as JSON or a CSV download. */
export const adminReportRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/admin/reports/revenue',
    auth: 'admin',
    summary: 'Revenue per currency and period (gross, refunds, disputes lost, net)',
    tags: ['admin'],
    query: revenueQuery,
    responses: {
      200: {
        description: 'The report as JSON, or a CSV download (`format=csv`)',
        media: ['application/json', 'text/csv'],
      },
    },
    handle: async ({ query: { format, ...query } }, { revenueReports }) => {
      if (format === 'json') return revenueReports.revenue(query);
      const csv = await revenueReports.csv(query);
      return Reply.file({ contentType: 'text/csv; charset=utf-8', filename: csv.filename, body: csv.body });
    },
  }),
];
