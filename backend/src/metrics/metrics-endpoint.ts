import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import { UnauthorizedError } from '../errors/app-error';

/**
 * GET /metrics in Prometheus text format. With a token (METRICS_TOKEN), only
 * `Authorization: Bearer <token>` is answered, anything else is a 401 in the usual error shape;
 * without one it is open, for a private network.
 */
export function metricsEndpoint(registry: Registry, token: string | undefined): RequestHandler {
  const expected = token === undefined ? undefined : digest(token);
  return async (req, res) => {
    if (expected && !presents(req.headers.authorization, expected)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new UnauthorizedError('A valid metrics token is required');
    }
    const body = await registry.metrics();
    res.setHeader('Content-Type', registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(body);
  };
}

/** Compares digests, so the time taken says nothing about the token, not even its length. */
function presents(header: string | undefined, expected: Buffer): boolean {
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match !== null && timingSafeEqual(digest(match[1]), expected);
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
