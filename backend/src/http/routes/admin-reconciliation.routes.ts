import { Router } from 'express';
import { z } from 'zod';
import type { AuthService } from '../../services/auth/auth.service';
import type { DriftReportService } from '../../services/reconciliation/drift-report.service';
import { authenticate, principalOf, requireRole } from '../middleware/auth.middleware';
import { parseInput } from '../validation';

const reportQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
});

/** The drift report: GET the latest run and the drift found, POST /run to reconcile now. */
export function adminReconciliationRoutes(auth: AuthService, driftReports: DriftReportService): Router {
  const router = Router();
  router.use(authenticate(auth), requireRole('admin'));

  router.get('/', async (req, res) => {
    res.json(await driftReports.report(parseInput(reportQuery, req.query, 'query')));
  });

  router.post('/run', async (req, res) => {
    const query = parseInput(reportQuery, req.query, 'query');
    res.json(await driftReports.runNow({ adminUserId: principalOf(req).userId }, query));
  });

  return router;
}
