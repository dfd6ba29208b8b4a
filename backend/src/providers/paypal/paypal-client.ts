import * as paypal from '@paypal/checkout-server-sdk';
import type { PayPalConfig } from '../../config/config';

/**
 * The only file that touches @paypal/checkout-server-sdk. Everything else talks to PayPal through
 * PayPalApi: plain request objects in, parsed JSON out, and two error types (PayPalHttpError,
 * PayPalNetworkError). Swapping to @paypal/paypal-server-sdk means rewriting this file only.
 */

export type PayPalVerb = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** A request the SDK has no class for (subscriptions, captures by id, ...), executed by its client. */
export interface PayPalRequest {
  path: string;
  verb: PayPalVerb;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface PayPalResponse<T = unknown> {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  result: T | undefined;
}

/** PayPal answered with a non-2xx status; `body` is the parsed error body when it was JSON. */
export class PayPalHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: unknown,
    readonly rawBody: string,
    readonly headers: Record<string, unknown> = {},
  ) {
    super(`PayPal answered ${statusCode}: ${rawBody.slice(0, 300)}`);
    this.name = 'PayPalHttpError';
  }

  /** The `issue` of each detail (INSTRUMENT_DECLINED, ORDER_ALREADY_CAPTURED, ...). */
  get issues(): string[] {
    const details = (this.body as { details?: unknown } | undefined)?.details;
    if (!Array.isArray(details)) return [];
    return details.map((d) => (d as { issue?: unknown }).issue).filter((i): i is string => typeof i === 'string');
  }

  get description(): string | undefined {
    const b = this.body as
      { details?: Array<{ description?: unknown }>; message?: unknown; error_description?: unknown } | undefined;
    const detail = Array.isArray(b?.details)
      ? b.details.find((d) => typeof d?.description === 'string')?.description
      : undefined;
    const text = detail ?? b?.message ?? b?.error_description;
    return typeof text === 'string' ? text : undefined;
  }

  get debugId(): string | undefined {
    const id = (this.body as { debug_id?: unknown } | undefined)?.debug_id;
    return typeof id === 'string' ? id : undefined;
  }
}

/** PayPal could not be reached (connection refused, reset, timeout). */
export class PayPalNetworkError extends Error {
  constructor(override readonly cause: unknown) {
    super(`PayPal could not be reached: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'PayPalNetworkError';
  }
}

export interface PayPalClientOptions {
  /** Attempts for retryable failures (network, 429, 5xx) of GETs and of POSTs with a PayPal-Request-Id. */
  maxAttempts?: number;
  /** First backoff delay; doubled per retry. */
  retryDelayMs?: number;
  /** Socket timeout per request (the SDK's own default is 30 s). */
  timeoutMs?: number;
}

export interface PayPalApi {
  createOrder(body: unknown, requestId: string): Promise<PayPalResponse<Record<string, unknown>>>;
  getOrder(orderId: string): Promise<PayPalResponse<Record<string, unknown>>>;
  captureOrder(orderId: string, requestId: string): Promise<PayPalResponse<Record<string, unknown>>>;
  refundCapture(captureId: string, body: unknown, requestId: string): Promise<PayPalResponse<Record<string, unknown>>>;
  getCapture(captureId: string): Promise<PayPalResponse<Record<string, unknown>>>;
  getRefund(refundId: string): Promise<PayPalResponse<Record<string, unknown>>>;
  /** Disputes API v1 (the SDK has no class for it). */
  getDispute(disputeId: string): Promise<PayPalResponse<Record<string, unknown>>>;
  /** Catalog products and billing plans v1 (`POST /v1/catalogs/products`, `POST /v1/billing/plans`). */
  createProduct(body: unknown, requestId: string): Promise<PayPalResponse<Record<string, unknown>>>;
  createPlan(body: unknown, requestId: string): Promise<PayPalResponse<Record<string, unknown>>>;
  /** Subscriptions v1: create (awaiting the buyer's approval), read, cancel (204, no body). */
  createSubscription(body: unknown, requestId: string): Promise<PayPalResponse<Record<string, unknown>>>;
  getSubscription(subscriptionId: string): Promise<PayPalResponse<Record<string, unknown>>>;
  cancelSubscription(
    subscriptionId: string,
    body: unknown,
    requestId: string,
  ): Promise<PayPalResponse<Record<string, unknown>>>;
  /** Payments v1 sales: what a subscription's cycle payment is, and the only way to refund one. */
  getSale(saleId: string): Promise<PayPalResponse<Record<string, unknown>>>;
  refundSale(saleId: string, body: unknown, requestId: string): Promise<PayPalResponse<Record<string, unknown>>>;
  getSaleRefund(refundId: string): Promise<PayPalResponse<Record<string, unknown>>>;
  /** Any other REST call, as a `{path, verb, body, headers}` object. */
  execute<T = Record<string, unknown>>(request: PayPalRequest): Promise<PayPalResponse<T>>;
}

export function payPalEnvironment(config: PayPalConfig): paypal.core.PayPalEnvironment {
  if (config.apiBase) {
    const origin = config.apiBase.origin;
    return new paypal.core.PayPalEnvironment(config.clientId, config.secret, origin, origin);
  }
  return config.env === 'live'
    ? new paypal.core.LiveEnvironment(config.clientId, config.secret)
    : new paypal.core.SandboxEnvironment(config.clientId, config.secret);
}

const REPRESENTATION = 'return=representation';

export function createPayPalClient(config: PayPalConfig, options: PayPalClientOptions = {}): PayPalApi {
  const client = new paypal.core.PayPalHttpClient(payPalEnvironment(config));
  const timeoutMs = options.timeoutMs ?? 20_000;
  client.getTimeout = () => timeoutMs;
  const maxAttempts = options.maxAttempts ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 250;

  async function run<T>(request: paypal.core.HttpRequest): Promise<PayPalResponse<T>> {
    const retryable = request.verb === 'GET' || Boolean(request.headers['PayPal-Request-Id']);
    for (let attempt = 1; ; attempt++) {
      try {
        // The SDK mutates nothing we keep, but copy so each attempt starts clean (no stale token).
        const response = await client.execute({ ...request, headers: { ...request.headers } });
        return {
          statusCode: response.statusCode,
          headers: response.headers ?? {},
          result: response.result as T | undefined,
        };
      } catch (err) {
        const translated = fromSdkError(err);
        const transient =
          translated instanceof PayPalNetworkError ||
          (translated instanceof PayPalHttpError && (translated.statusCode === 429 || translated.statusCode >= 500));
        if (!retryable || !transient || attempt >= maxAttempts) throw translated;
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs * 2 ** (attempt - 1)));
      }
    }
  }

  return {
    createOrder: (body, requestId) => {
      // The SDK's create request has no PayPal-Request-Id setter (it predates the header on orders).
      const request = new paypal.orders.OrdersCreateRequest().prefer(REPRESENTATION).requestBody(body);
      request.headers['PayPal-Request-Id'] = requestId;
      return run(request);
    },
    getOrder: (orderId) => run(new paypal.orders.OrdersGetRequest(orderId)),
    captureOrder: (orderId, requestId) =>
      run(
        new paypal.orders.OrdersCaptureRequest(orderId)
          .prefer(REPRESENTATION)
          .payPalRequestId(requestId)
          .requestBody({}),
      ),
    refundCapture: (captureId, body, requestId) =>
      run(
        new paypal.payments.CapturesRefundRequest(captureId)
          .prefer(REPRESENTATION)
          .payPalRequestId(requestId)
          .requestBody(body),
      ),
    getCapture: (captureId) => run(new paypal.payments.CapturesGetRequest(captureId)),
    getRefund: (refundId) => run(new paypal.payments.RefundsGetRequest(refundId)),
    getDispute: (disputeId) => run(jsonRequest('GET', `/v1/customer/disputes/${encodeURIComponent(disputeId)}`)),
    createProduct: (body, requestId) => run(jsonRequest('POST', '/v1/catalogs/products', body, requestId)),
    createPlan: (body, requestId) => run(jsonRequest('POST', '/v1/billing/plans', body, requestId)),
    createSubscription: (body, requestId) => run(jsonRequest('POST', '/v1/billing/subscriptions', body, requestId)),
    getSubscription: (subscriptionId) =>
      run(jsonRequest('GET', `/v1/billing/subscriptions/${encodeURIComponent(subscriptionId)}`)),
    cancelSubscription: (subscriptionId, body, requestId) =>
      run(
        jsonRequest('POST', `/v1/billing/subscriptions/${encodeURIComponent(subscriptionId)}/cancel`, body, requestId),
      ),
    getSale: (saleId) => run(jsonRequest('GET', `/v1/payments/sale/${encodeURIComponent(saleId)}`)),
    refundSale: (saleId, body, requestId) =>
      run(jsonRequest('POST', `/v1/payments/sale/${encodeURIComponent(saleId)}/refund`, body, requestId)),
    getSaleRefund: (refundId) => run(jsonRequest('GET', `/v1/payments/refund/${encodeURIComponent(refundId)}`)),
    execute: <T>(request: PayPalRequest) =>
      run<T>({
        path: request.path,
        verb: request.verb,
        body: request.body,
        headers: { 'Content-Type': 'application/json', ...(request.headers ?? {}) },
      }),
  };
}

/**
 * A REST call the SDK has no class for, as paypalhttp takes it: JSON both ways and, for a POST,
 * our idempotency key as PayPal-Request-Id (which also lets `run` retry it) and the full resource
 * in the answer (`Prefer: return=representation`).
 */
function jsonRequest(verb: PayPalVerb, path: string, body?: unknown, requestId?: string): paypal.core.HttpRequest {
  return {
    path,
    verb,
    body,
    headers: {
      'Content-Type': 'application/json',
      ...(requestId ? { 'PayPal-Request-Id': requestId, Prefer: REPRESENTATION } : {}),
    },
  };
}

/** paypalhttp rejects with HttpError {statusCode, message: raw body} or a Node socket error. */
function fromSdkError(err: unknown): Error {
  const e = err as { statusCode?: unknown; message?: unknown; headers?: unknown } | undefined;
  if (e && typeof e.statusCode === 'number') {
    const raw = typeof e.message === 'string' ? e.message : '';
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    const headers = typeof e.headers === 'object' && e.headers !== null ? (e.headers as Record<string, unknown>) : {};
    return new PayPalHttpError(e.statusCode, body, raw, headers);
  }
  return new PayPalNetworkError(err);
}
