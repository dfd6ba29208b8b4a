import pino, { type DestinationStream, type Logger } from 'pino';

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
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACT, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
