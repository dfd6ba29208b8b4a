import { Router } from 'express';
import type { HealthService } from '../../services/health/health.service';
import type { OutsideRouteDoc } from '../openapi-document';

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

/** The probes for the OpenAPI document (mounted at the root, before the API). */
export const healthRouteDocs: readonly OutsideRouteDoc[] = [
  {
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: the process answers',
    tags: ['operations'],
    responses: { 200: { description: '`{status: "ok"}`' } },
  },
  {
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: the database answers too',
    tags: ['operations'],
    responses: {
      200: { description: '`{status: "ready", database: "ok"}`' },
      503: { description: 'The database is unreachable (`not_ready`)' },
    },
  },
];
