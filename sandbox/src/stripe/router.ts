import type { Request, Response } from 'express';
import { IdempotencyStore, StoredResponse } from '../shared/idempotency';
import { stripeRequestId } from '../shared/ids';
import { JsonObject } from '../shared/json';
import { StripeContext } from './context';
import { StripeError, StripeErrorBody, requestLogUrl } from './errors';
import { STRIPE_API_VERSION, RequestRef } from './events';
import { applyExpand } from './expand';
import { parseForm } from './form';
import { Params } from './params';

export interface ApiRequest {
  params: Params;
  path: Record<string, string>;
  request: RequestRef;
}

export type Handler = (req: ApiRequest, ctx: StripeContext) => JsonObject;

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

export function route(method: Route['method'], path: string, handler: Handler): Route {
  const keys: string[] = [];
  const pattern = new RegExp(
    `^${path.replace(/:([a-z_]+)/g, (_m, k: string) => {
      keys.push(k);
      return '([^/]+)';
    })}$`,
  );
  return { method, pattern, keys, handler };
}

/** Stripe's answer when the key is missing or not a test secret key. */
function authError(header: string | undefined): StripeErrorBody {
  if (!header) {
    return {
      message:
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      type: 'invalid_request_error',
    };
  }
  const key = header.replace(/^(Bearer|Basic)\s+/i, '');
  const masked = key.length > 8 ? `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}` : key;
  return { message: `Invalid API Key provided: ${masked}`, type: 'invalid_request_error' };
}

/** Accepts `Bearer sk_test_…` and HTTP Basic with the key as user name, as Stripe does. */
function apiKey(header: string | undefined): string | null {
  if (!header) return null;
  const bearer = /^Bearer\s+(.+)$/i.exec(header);
  if (bearer) return bearer[1].trim();
  const basic = /^Basic\s+(.+)$/i.exec(header);
  if (basic) return Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0];
  return null;
}

function send(res: Response, stored: StoredResponse, extra: Record<string, string> = {}): void {
  res.status(stored.status);
  for (const [k, v] of Object.entries({ ...stored.headers, ...extra })) res.setHeader(k, v);
  res.send(stored.body);
}

function render(
  status: number,
  body: JsonObject,
  requestId: string,
  version: string,
  idemKey?: string,
): StoredResponse {
  return {
    status,
    // Stripe answers with 2-space indented JSON and a trailing newline.
    body: `${JSON.stringify(body, null, 2)}\n`,
    headers: {
      'Content-Type': 'application/json',
      'Request-Id': requestId,
      'Stripe-Version': version,
      ...(idemKey ? { 'Idempotency-Key': idemKey } : {}),
    },
  };
}

/** Express handler for everything under `/v1/`: auth, params, idempotency, dispatch, expand, errors. */
export function stripeApi(routes: Route[], ctx: StripeContext, idempotency: IdempotencyStore) {
  return (req: Request, res: Response): void => {
    const requestId = stripeRequestId();
    const version = req.header('Stripe-Version') ?? STRIPE_API_VERSION;
    const method = req.method.toUpperCase();
    const url = new URL(req.originalUrl, 'http://sandbox');
    const errorOut = (status: number, body: StripeErrorBody): StoredResponse =>
      render(
        status,
        { error: { ...body, request_log_url: requestLogUrl(requestId) } as unknown as JsonObject },
        requestId,
        version,
      );

    const key = apiKey(req.header('Authorization'));
    if (!key || !key.startsWith('sk_test_')) {
      send(res, errorOut(401, authError(req.header('Authorization'))), { 'WWW-Authenticate': 'Bearer realm="Stripe"' });
      return;
    }

    const rawBody = typeof req.body === 'string' ? req.body : '';
    const form = parseForm(method === 'POST' ? rawBody : url.search.slice(1));
    const match = routes
      .filter((r) => r.method === method)
      .map((r) => ({ r, m: r.pattern.exec(url.pathname) }))
      .find((x) => x.m !== null);
    if (!match || !match.m) {
      send(
        res,
        errorOut(404, {
          message: `Unrecognized request URL (${method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
          type: 'invalid_request_error',
        }),
      );
      return;
    }

    const idemKey = method === 'POST' ? req.header('Idempotency-Key') : undefined;
    if (idemKey) {
      const check = idempotency.begin(idemKey, `${method} ${url.pathname} ${JSON.stringify(form)}`);
      if (check.kind === 'replay') {
        send(res, check.response, {
          'Idempotent-Replayed': 'true',
          'Original-Request': check.response.headers['Request-Id'],
        });
        return;
      }
      if (check.kind === 'mismatch') {
        send(
          res,
          errorOut(400, {
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idemKey}' if you meant to execute a different request.`,
            type: 'idempotency_error',
          }),
        );
        return;
      }
      if (check.kind === 'in_flight') {
        send(
          res,
          errorOut(409, {
            code: 'idempotency_key_in_use',
            message:
              'There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ' +
              idemKey +
              '. Please try again later.',
            type: 'invalid_request_error',
          }),
          { 'Stripe-Should-Retry': 'true' },
        );
        return;
      }
    }

    const path: Record<string, string> = {};
    match.r.keys.forEach((k, i) => (path[k] = decodeURIComponent(match.m?.[i + 1] ?? '')));
    const params = new Params(form);
    let out: StoredResponse;
    let store = true;
    try {
      const result = match.r.handler(
        { params, path, request: { id: requestId, idempotency_key: idemKey ?? null } },
        ctx,
      );
      out = render(200, applyExpand(ctx.state, result, params.expand()), requestId, version, idemKey);
    } catch (err) {
      if (err instanceof StripeError) {
        out = errorOut(err.status, err.body);
        store = err.storeForIdempotency;
      } else {
        out = errorOut(500, {
          message: `Sandbox error: ${err instanceof Error ? err.message : String(err)}`,
          type: 'api_error',
        });
      }
      if (idemKey) out.headers['Idempotency-Key'] = idemKey;
    }
    if (idemKey) idempotency.finish(idemKey, store ? out : null);
    send(res, out);
  };
}
