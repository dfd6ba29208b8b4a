import type { RequestHandler } from 'express';
import type { Logger } from '../../logger';
import { requestLogger } from './request-id.middleware';

/** One log line per request with its status and duration, on the request's logger (its id). */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const level = res.statusCode >= 500 ? 'error' : 'debug';
      requestLogger(res, logger)[level](
        { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms) },
        'request',
      );
    });
    next();
  };
}
