import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from '../../logger';
import { AppError, RateLimitedError, type ErrorDetail } from '../../errors/app-error';
import { serializeError } from '../../errors/error-serializer';
import { ProviderError, type ProviderErrorKind } from '../../errors/provider-error';
import { isDataException, sqlStateOf } from '../../errors/sql-state';
import { requestLogger } from './request-id.middleware';

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

/**
 * What a database data exception (SQLSTATE class 22) tells the caller: which kind of value was
 * refused, never the value (PostgreSQL's own message quotes it).
 */
const DATA_EXCEPTION_MESSAGES: Readonly<Record<string, string>> = {
  '22001': 'A value in the request is too long',
  '22003': 'A number in the request is out of range',
  '22007': 'A date or time in the request is not valid',
  '22008': 'A date or time in the request is out of range',
  '22021': 'A value in the request contains a character that cannot be stored',
  '22P02': 'A value in the request is not in the expected format',
  '22P05': 'A value in the request contains a character that cannot be stored',
};
const DATA_EXCEPTION_MESSAGE = 'A value in the request cannot be stored';

interface ErrorBody {
  code: string;
  message: string;
  details?: ErrorDetail[] | Record<string, unknown>;
  requestId?: string;
  stack?: string;
}

/** Every error answer: `{error: {code, message, details?, requestId}}`. */
function sendError(res: Response, status: number, body: ErrorBody): void {
  res.status(status).json({ error: { ...body, requestId: res.locals.requestId } });
}

/** Unknown routes: a JSON 404 in the same error shape as everything else. */
export const notFound: RequestHandler = (req, res) => {
  sendError(res, 404, {
    code: 'route_not_found',
    message: `No route for ${req.method} ${req.originalUrl.split('?')[0]}`,
  });
};

/** The one place errors become HTTP answers: `{error: {code, message, details?, requestId}}`. */
export function errorHandler(baseLogger: Logger, exposeStack: boolean): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const logger = requestLogger(res, baseLogger);
    if (error instanceof AppError) {
      if (error.status >= 500) logger.warn({ err: error, method: req.method, path: req.path }, 'request failed');
      if (error instanceof RateLimitedError)
        res.set('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
      sendError(res, error.status, { code: error.code, message: error.message, details: error.details });
      return;
    }
    if (error instanceof ProviderError) {
      const status = PROVIDER_ERROR_STATUS[error.kind];
      if (status >= 500) logger.warn({ err: error, method: req.method, path: req.path }, 'request failed');
      sendError(res, status, { code: error.code, message: error.message, details: error.details });
      return;
    }
    const sqlState = sqlStateOf(error);
    if (sqlState !== undefined && isDataException(sqlState)) {
      // The safety net under input validation: logged, so the validator that let it through is fixed.
      logger.warn({ err: error, method: req.method, path: req.path }, 'database refused a value from the request');
      sendError(res, 400, {
        code: 'invalid_input',
        message: DATA_EXCEPTION_MESSAGES[sqlState] ?? DATA_EXCEPTION_MESSAGE,
      });
      return;
    }
    const parserError = error as BodyParserError;
    if (parserError?.type === 'entity.parse.failed') {
      sendError(res, 400, { code: 'malformed_json', message: 'The request body is not valid JSON' });
      return;
    }
    if (parserError?.type === 'entity.too.large') {
      sendError(res, 413, { code: 'payload_too_large', message: 'The request body is too large' });
      return;
    }
    // `expose`: a body the parser could not decode (Content-Encoding: gzip on bytes that are not gzip).
    if ((parserError?.type || parserError?.expose) && parserError.status && parserError.status < 500) {
      sendError(res, parserError.status, { code: 'bad_request', message: 'The request body could not be read' });
      return;
    }
    // Everything else, 23502/23514 (a NOT NULL or CHECK constraint) included, is our bug: 500.
    logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
    const body: ErrorBody = {
      code: 'internal_error',
      message: 'Something went wrong on our side; please try again',
    };
    // Development only; the stack's first line is the kept message (no value the database quoted).
    if (exposeStack && error instanceof Error) body.stack = serializeError(error).stack;
    sendError(res, 500, body);
  };
}
