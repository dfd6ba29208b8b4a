import express, { Router, type ErrorRequestHandler } from 'express';
import { Registry } from 'prom-client';
import request from 'supertest';
import { NotFoundError } from '../../../src/errors/app-error';
import { BoundedLabel } from '../../../src/metrics/bounded-label';
import { httpRequestMetrics } from '../../../src/metrics/http-request-metrics';

/** An app shaped like ours: a router mounted under a prefix, errors answered by an app-level handler. */
function appWithMetrics() {
  const registry = new Registry();
  const app = express();
  app.use(httpRequestMetrics(registry));
  const things = Router();
  things.get('/:id', (req) => {
    throw new NotFoundError(`Thing ${String(req.params.id)}`);
  });
  things.post(['/a', '/b'], (_req, res) => {
    res.status(201).end();
  });
  app.use('/api/things', things);
  app.get('/plain', (_req, res) => {
    res.send('ok');
  });
  const errors: ErrorRequestHandler = (error: NotFoundError, _req, res, _next) => {
    res.status(error.status).json({ error: { code: error.code, message: error.message } });
  };
  app.use(errors);
  return { app, registry };
}

const countLines = (text: string) =>
  text.split('\n').filter((l) => l.startsWith('lms_http_request_duration_seconds_count'));

describe('HTTP request metrics', () => {
  it('when a routed request fails inside a mounted router, then it is labelled with the full route pattern, not its URL', async () => {
    const { app, registry } = appWithMetrics();
    await request(app).get('/api/things/1234').expect(404);
    await request(app).get('/api/things/5678').expect(404);
    await request(app).get('/plain').expect(200);
    const lines = countLines(await registry.metrics());
    expect(lines).toEqual([
      'lms_http_request_duration_seconds_count{method="GET",route="/api/things/:id",status="404"} 2',
      'lms_http_request_duration_seconds_count{method="GET",route="/plain",status="200"} 1',
    ]);
  });

  it('when no route answers, then the request is labelled unmatched; a route with several paths names them all', async () => {
    const { app, registry } = appWithMetrics();
    await request(app).get('/nowhere/42').expect(404);
    await request(app).post('/api/things/b').expect(201);
    expect(countLines(await registry.metrics())).toEqual([
      'lms_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 1',
      'lms_http_request_duration_seconds_count{method="POST",route="/api/things/a|/api/things/b",status="201"} 1',
    ]);
  });
});

describe('bounded label', () => {
  it('when more distinct values arrive than the cap, then the later ones are reported as the overflow value', () => {
    const label = new BoundedLabel(2);
    expect(['a', 'b', 'c', 'a', 'd', 'b'].map((v) => label.of(v))).toEqual(['a', 'b', 'other', 'a', 'other', 'b']);
  });
});
