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
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics (text format); `Authorization: Bearer $METRICS_TOKEN` when one is set',
    tags: ['operations'],
    responses: {
      200: { description: 'The metrics in Prometheus text exposition format', media: ['text/plain'] },
      401: { description: 'METRICS_TOKEN is set and the bearer token is not it (`unauthorized`)' },
    },
  },
];
