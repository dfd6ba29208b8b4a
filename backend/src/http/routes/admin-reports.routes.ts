import { Router } from 'express';
import { z } from 'zod';
import type { AuthService } from '../../services/auth/auth.service';
import type { RevenueReportService } from '../../services/admin/revenue-report.service';
import { authenticate, requireRole } from '../middleware/auth.middleware';
import { parseInput } from '../validation';

const revenueQuery = z.strictObject({
  from: z.iso.date({ error: 'must be an ISO date (YYYY-MM-DD)' }),
  to: z.iso.date({ error: 'must be an ISO date (YYYY-MM-DD)' }),
  interval: z.enum(['day', 'month']).default('day'),
  format: z.enum(['json', 'csv']).default('json'),
});

/** Admin reports: revenue per currency and period, as JSON or a CSV download. */
export function adminReportRoutes(auth: AuthService, revenue: RevenueReportService): Router {
  const router = Router();
  router.use(authenticate(auth), requireRole('admin'));

  router.get('/revenue', async (req, res) => {
    const { format, ...query } = parseInput(revenueQuery, req.query, 'query');
    if (format === 'json') {
      res.json(await revenue.revenue(query));
      return;
    }
    const csv = await revenue.csv(query);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${csv.filename}"`);
    res.send(csv.body);
  });

  return router;
}
