import { HttpErrorResponse } from '@angular/common/http';

/** The error body every API endpoint answers with (`{error: {code, message, details?}}`). */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    /** Failing fields for validation errors; an object of facts for others (e.g. `price_changed`). */
    details?: { path: string; message: string }[] | Record<string, unknown>;
  };
}

/** A normalised API error: what the UI shows and branches on. */
export interface ApiError {
  status: number;
  code: string;
  message: string;
  details: { path: string; message: string }[];
  /** The `details` object when the API sent facts rather than a list of fields. */
  facts?: Record<string, unknown>;
}

function isApiErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

/** Turns anything thrown by HttpClient into a message a person can act on. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof HttpErrorResponse) {
    if (isApiErrorBody(err.error)) {
      const { code, message, details } = err.error.error;
      const list = Array.isArray(details) ? details : [];
      const facts = details && !Array.isArray(details) && typeof details === 'object' ? details : undefined;
      return { status: err.status, code, message, details: list, ...(facts ? { facts } : {}) };
    }
    if (err.status === 0) {
      return {
        status: 0,
        code: 'network_error',
        message: "Can't reach the server. Check your connection and try again.",
        details: [],
      };
    }
    if (err.status === 429) {
      return {
        status: 429,
        code: 'rate_limited',
        message: 'Too many attempts. Wait a minute and try again.',
        details: [],
      };
    }
    return {
      status: err.status,
      code: 'http_error',
      message: `Something went wrong on our side (HTTP ${err.status}). Please try again.`,
      details: [],
    };
  }
  return { status: 0, code: 'unknown', message: 'Something went wrong. Please try again.', details: [] };
}
