import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../../logger';
import { AppError, RateLimitedError } from '../../errors/app-error';
import { ProviderError, type ProviderErrorKind } from '../../errors/provider-error';

interface BodyParserError {
  type?: string;
  status?: number;
  /** Set by http-errors on a 4xx the client caused. */
  expose?: boolean;
}

/**
 * The HTTP status of each provider error kind: the one place a provider failure gets a status.
 * The answer's code is the error's own (payment_declined, provider_unavailable, ... by default).
 */
export const PROVIDER_ERROR_STATUS: Readonly<Record<ProviderErrorKind, number>> = {
  declined: 422,
  rejected: 422,
  invalid_request: 400,
  not_found: 404,
  conflict: 409,
  unavailable: 502,
  misconfigured: 500,
};

/** Unknown routes: a JSON 404 in the same error shape as everything else. */
export const notFound: RequestHandler = (req, res) => {
  res.status(404).json({
    error: { code: 'route_not_found', message: `No route for ${req.method} ${req.originalUrl.split('?')[0]}` },
  });
};

/** The one place errors become HTTP answers: `{error: {code, message, details?}}`. */
export function errorHandler(logger: Logger, exposeStack: boolean): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    if (error instanceof AppError) {
      if (error.status >= 500) logger.warn({ err: error, path: req.path }, 'request failed');
      if (error instanceof RateLimitedError) res.set('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
      res.status(error.status).json({ error: { code: error.code, message: error.message, details: error.details } });
      return;
    }
    if (error instanceof ProviderError) {
      const status = PROVIDER_ERROR_STATUS[error.kind];
      if (status >= 500) logger.warn({ err: error, path: req.path }, 'request failed');
      res.status(status).json({ error: { code: error.code, message: error.message, details: error.details } });
      return;
    }
    const parserError = error as BodyParserError;
    if (parserError?.type === 'entity.parse.failed') {
      res.status(400).json({ error: { code: 'malformed_json', message: 'The request body is not valid JSON' } });
      return;
    }
    if (parserError?.type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'payload_too_large', message: 'The request body is too large' } });
      return;
    }
    // The router cannot decode a path parameter (`/api/payments/%ZZ`): the client's URL, not our bug.
    if (error instanceof URIError && parserError.status === 400) {
      res
        .status(400)
        .json({ error: { code: 'malformed_path', message: 'The request path is not valid percent-encoding' } });
      return;
    }
    // `expose`: a body the parser could not decode (Content-Encoding: gzip on bytes that are not gzip).
    if ((parserError?.type || parserError?.expose) && parserError.status && parserError.status < 500) {
      res
        .status(parserError.status)
        .json({ error: { code: 'bad_request', message: 'The request body could not be read' } });
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
    const body: { code: string; message: string; stack?: string } = {
      code: 'internal_error',
      message: 'Something went wrong on our side; please try again',
    };
    if (exposeStack && error instanceof Error) body.stack = error.stack;
    res.status(500).json({ error: body });
  };
}
