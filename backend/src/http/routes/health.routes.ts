import { Router } from 'express';
import type { HealthService } from '../../services/health/health.service';

/** Liveness answers while the process runs; readiness also needs the database. */
export function healthRoutes(health: HealthService): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (await health.databaseReachable()) res.json({ status: 'ready', database: 'ok' });
    else res.status(503).json({ error: { code: 'not_ready', message: 'Database unreachable' } });
  });
  return router;
}
