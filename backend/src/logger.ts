import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Logger } from 'pino';
import { serializeError } from './errors/error-serializer';

export type { Logger };

/** Paths that may carry secrets or credentials; pino replaces them before a line is written. */
const REDACT = [
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers["stripe-signature"]',
  'headers["paypal-transmission-sig"]',
  'config.jwt.secret',
  'config.stripe.secretKey',
  'config.stripe.webhookSecret',
  'config.paypal.secret',
  'config.databaseUrl',
  // Request and provider bodies are logged by their ids and sizes, never whole.
  'payload',
  '*.payload',
  'body',
  '*.body',
  'rawBody',
  '*.rawBody',
];

/** The request a log line is written for, so service loggers (built once, not per request) name it too. */
const requestScope = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `next` (the rest of a request's handling) with `requestId` written on every log line. */
export function runWithRequestId(requestId: string, next: () => void): void {
  requestScope.run({ requestId }, next);
}

function requestIdMixin(mergeObject: object, _level: number, logger: Logger): object {
  const requestId = requestScope.getStore()?.requestId;
  // A request's own child logger binds the id already; one key per line.
  if (requestId === undefined || 'requestId' in mergeObject || 'requestId' in logger.bindings()) return {};
  return { requestId };
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    serializers: { err: serializeError },
    mixin: requestIdMixin,
  };
  return destination ? pino(options, destination) : pino(options);
}
