/**
 * The error family services throw. Each carries a stable machine-readable code and the HTTP
 * status the error middleware answers with; driver errors are translated into these before they
 * leave their layer. Provider adapters throw ProviderError (provider-error.ts) instead: a kind,
 * not a status, which the error middleware maps.
 */
export interface ErrorDetail {
  path?: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[] | Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: ErrorDetail[], code = 'validation_failed') {
    super(400, code, message, details);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Authentication required', code = 'unauthorized') {
    super(401, code, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You do not have access to this resource', code = 'forbidden') {
    super(403, code, message);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super(404, 'not_found', `${what} not found`);
  }
}

/** Something that exists but is not there yet (an invoice being issued): 404 with its own code, worth retrying. */
export class NotReadyError extends AppError {
  constructor(code: string, message: string) {
    super(404, code, message);
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(409, code, message, details);
  }
}

/** Understood but not possible with what the resource holds (e.g. more than the refundable amount). */
export class UnprocessableError extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(422, code, message, details);
  }
}

/** A well-formed request for something a rule forbids (e.g. a price a provider cannot take): 400, named by the rule. */
export class RuleViolationError extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(400, code, message, details);
  }
}

export class PaymentDeclinedError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(422, 'payment_declined', message, details);
  }
}

/** Too many requests of one kind from one client or account: 429, with when to try again. */
export class RateLimitedError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Too many requests; please wait a moment and try again',
    code = 'rate_limited',
  ) {
    super(429, code, message, { retryAfterSeconds });
  }
}
