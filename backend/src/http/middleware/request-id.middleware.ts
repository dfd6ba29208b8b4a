import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { runWithRequestId, type Logger } from '../../logger';

declare module 'express-serve-static-core' {
  interface Locals {
    /** Set by `requestId` for every request: echoed, logged and put in error bodies. */
    requestId?: string;
    /** The logger bound to this request's id. */
    logger?: Logger;
  }
}

/** What a caller's (or a proxy's) `X-Request-Id` may be; anything else is replaced, not echoed. */
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * Gives each request an id: the caller's `X-Request-Id` when it is safe to log and echo, else a
 * new UUID. It is answered in the same header, bound into a child logger for the request log and
 * the error middleware, and in scope for every other log line written while the request runs.
 */
export function requestId(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const offered = req.get(REQUEST_ID_HEADER);
    const id = offered !== undefined && ACCEPTED_REQUEST_ID.test(offered) ? offered : randomUUID();
    res.locals.requestId = id;
    res.locals.logger = logger.child({ requestId: id });
    res.setHeader(REQUEST_ID_HEADER, id);
    runWithRequestId(id, next);
  };
}

/** The request's logger, or `fallback` when the request-id middleware did not run (a bare test app). */
export function requestLogger(res: Response, fallback: Logger): Logger {
  return res.locals.logger ?? fallback;
}
