import { stripeRequestId } from '../shared/ids';
import { JsonObject } from '../shared/json';

export type StripeErrorType = 'invalid_request_error' | 'card_error' | 'idempotency_error' | 'api_error';

/** The `error` member of a Stripe error body; keys as Stripe sends them. */
export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  advice_code?: string;
  param?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: JsonObject;
  payment_method?: JsonObject;
  request_log_url?: string;
}

/** Thrown by handlers; the router turns it into the HTTP answer. */
export class StripeError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    /** Stripe does not keep idempotent results for requests that failed validation. */
    readonly storeForIdempotency = true,
  ) {
    super(body.message);
  }
}

export function docUrl(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`;
}

export function requestLogUrl(requestId: string = stripeRequestId()): string {
  return `https://dashboard.stripe.com/test/logs/${requestId}?t=${Math.floor(Date.now() / 1000)}`;
}

const TYPE_NAMES: Record<string, string> = {
  cus: 'customer',
  cs: 'checkout.session',
  pi: 'payment_intent',
  ch: 'charge',
  re: 'refund',
  pm: 'payment_method',
  seti: 'setupintent',
  sub: 'subscription',
  in: 'invoice',
  inpay: 'invoice_payment',
  price: 'price',
  prod: 'product',
  dp: 'dispute',
  evt: 'event',
};

/** 404 for a path id, or 400 when a parameter names a missing object (Stripe does both). */
export function resourceMissing(id: string, param = 'id', typeName?: string): StripeError {
  const prefix = id.startsWith('cs_') ? 'cs' : id.split('_')[0];
  const name = typeName ?? TYPE_NAMES[prefix] ?? 'object';
  return new StripeError(param === 'id' ? 404 : 400, {
    code: 'resource_missing',
    doc_url: docUrl('resource_missing'),
    message: `No such ${name}: '${id}'`,
    param,
    type: 'invalid_request_error',
  });
}

export function invalidParam(param: string, message: string, code?: string): StripeError {
  return new StripeError(
    400,
    {
      ...(code ? { code, doc_url: docUrl(code) } : {}),
      message,
      param,
      type: 'invalid_request_error',
    },
    false,
  );
}

/** A refusal that concerns several parameters together, so Stripe names none of them in `param`. */
export function invalidRequest(message: string): StripeError {
  return new StripeError(400, { message, type: 'invalid_request_error' }, false);
}

export function missingParam(param: string): StripeError {
  return invalidParam(param, `Missing required param: ${param}.`, 'parameter_missing');
}

/** A request that is well-formed but not allowed in the object's state. */
export function invalidState(message: string, code?: string, param?: string): StripeError {
  return new StripeError(400, {
    ...(code ? { code, doc_url: docUrl(code) } : {}),
    message,
    ...(param ? { param } : {}),
    type: 'invalid_request_error',
  });
}
