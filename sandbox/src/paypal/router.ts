import type { Request, Response } from 'express';
import { IdempotencyStore, StoredResponse } from '../shared/idempotency';
import { paypalDebugId } from '../shared/ids';
import { Json, JsonObject, isObject } from '../shared/json';
import { PayPalContext } from './context';
import { Api, PayPalError, malformedJson, unprocessable } from './errors';

export interface PPRequest {
  body: JsonObject | null;
  path: Record<string, string>;
  query: URLSearchParams;
  /** `Prefer: return=representation` asks for the full resource; PayPal's default is minimal. */
  representation: boolean;
  /** File names of a multipart request's file parts (dispute evidence documents). */
  files?: string[];
  /** The POST's `PayPal-Request-Id`, for APIs that require one (vault v3). */
  requestId?: string;
}

export interface PPResponse {
  status: number;
  body?: Json;
}

export type Handler = (req: PPRequest, ctx: PayPalContext) => PPResponse;

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  pattern: RegExp;
  keys: string[];
  api: Api;
  handler: Handler;
}

export function route(method: Route['method'], path: string, api: Api, handler: Handler): Route {
  const keys: string[] = [];
  const pattern = new RegExp(
    `^${path.replace(/:([a-z_]+)/g, (_m, k: string) => {
      keys.push(k);
      return '([^/]+)';
    })}/?$`,
  );
  return { method, pattern, keys, api, handler };
}

function render(status: number, body: Json | undefined, debugId: string): StoredResponse {
  return {
    status,
    body: body === undefined ? '' : JSON.stringify(body),
    // paypalhttp refuses to parse a body without a JSON content type.
    headers: { 'Content-Type': 'application/json', 'Paypal-Debug-Id': debugId },
  };
}

/**
 * A replayed answer. Vault v3 documents 200 for an idempotent replay of a 201 ("Returns 200 for an
 * idempotent request"); the older APIs here keep replaying the first answer as it was.
 */
function replayed(api: Api, r: StoredResponse): StoredResponse {
  return api === 'payment-tokens' && r.status === 201 ? { ...r, status: 200 } : r;
}

function send(res: Response, r: StoredResponse): void {
  res.status(r.status);
  for (const [k, v] of Object.entries(r.headers)) res.setHeader(k, v);
  if (r.status === 204) res.end();
  else res.send(r.body);
}

/**
 * The Disputes API takes evidence as `multipart/form-data`: a JSON part named `input` plus file parts.
 * Returns that JSON and the file names, or undefined for a request that is not multipart.
 */
export function parseMultipart(
  contentType: string | undefined,
  raw: string,
): { input: string; files: string[] } | undefined {
  const boundary = /^multipart\/[a-z-]+;.*boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
  if (!boundary) return undefined;
  let input = '';
  const files: string[] = [];
  for (const part of raw.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const content = part.slice(split + 4).replace(/\r\n$/, '');
    const filename = /filename="([^"]*)"/i.exec(head)?.[1];
    if (filename !== undefined) files.push(filename);
    else if (/name="input"/i.test(head)) input = content;
  }
  return { input, files };
}

/** Express handler for PayPal REST calls: bearer auth, JSON, `PayPal-Request-Id`, `Prefer`, errors. */
export function paypalApi(routes: Route[], ctx: PayPalContext, tokens: Set<string>, idempotency: IdempotencyStore) {
  return (req: Request, res: Response): void => {
    const debugId = paypalDebugId();
    const url = new URL(req.originalUrl, 'http://sandbox');
    const method = req.method.toUpperCase();
    const auth = req.header('Authorization');
    if (!auth) {
      send(
        res,
        render(
          401,
          {
            name: 'AUTHENTICATION_FAILURE',
            message:
              'Authentication failed due to invalid authentication credentials or a missing Authorization header.',
            links: [{ href: 'https://developer.paypal.com/docs/api/overview/#error', rel: 'information_link' }],
          },
          debugId,
        ),
      );
      return;
    }
    const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
    if (!token || !tokens.has(token)) {
      send(
        res,
        render(401, { error: 'invalid_token', error_description: 'Token signature verification failed' }, debugId),
      );
      return;
    }
    const match = routes
      .filter((r) => r.method === method)
      .map((r) => ({ r, m: r.pattern.exec(url.pathname) }))
      .find((x) => x.m !== null);
    if (!match?.m) {
      send(
        res,
        render(
          404,
          {
            name: 'NOT_FOUND',
            message: 'The specified resource does not exist.',
            debug_id: debugId,
            details: [],
            links: [],
          },
          debugId,
        ),
      );
      return;
    }
    const raw = typeof req.body === 'string' ? req.body : '';
    let body: JsonObject | null = null;
    let files: string[] | undefined;
    try {
      const multipart = parseMultipart(req.header('Content-Type'), raw);
      const json = multipart ? multipart.input : raw;
      files = multipart?.files;
      if (json.trim() !== '') {
        const parsed: unknown = JSON.parse(json);
        if (!isObject(parsed)) throw new Error('not an object');
        body = parsed;
      }
    } catch {
      send(res, render(400, malformedJson(match.r.api).body as unknown as Json, debugId));
      return;
    }
    const requestId = method === 'POST' ? req.header('PayPal-Request-Id') : undefined;
    if (requestId) {
      const check = idempotency.begin(requestId, `${method} ${url.pathname} ${raw.trim()}`);
      if (check.kind === 'replay') return send(res, replayed(match.r.api, check.response));
      if (check.kind !== 'new') {
        const err = unprocessable(
          match.r.api,
          'PAYPAL_REQUEST_ID_PREVIOUSLY_USED',
          'The PayPal-Request-Id has already been used for another request.',
        );
        return send(res, render(err.status, err.body as unknown as Json, debugId));
      }
    }
    const path: Record<string, string> = {};
    match.r.keys.forEach((k, i) => (path[k] = decodeURIComponent(match.m?.[i + 1] ?? '')));
    let out: StoredResponse;
    try {
      const representation = /return=representation/i.test(req.header('Prefer') ?? '');
      const result = match.r.handler({ body, path, query: url.searchParams, representation, files, requestId }, ctx);
      out = render(result.status, result.body, debugId);
    } catch (err) {
      if (err instanceof PayPalError) {
        const b = err.body as unknown as JsonObject;
        if ('debug_id' in b) b.debug_id = debugId;
        out = render(err.status, b, debugId);
      } else {
        out = render(
          500,
          {
            name: 'INTERNAL_SERVER_ERROR',
            message: 'An internal server error occurred.',
            debug_id: debugId,
            links: [
              {
                href: 'https://developer.paypal.com/api/orders/v2/#error-INTERNAL_SERVER_ERROR',
                rel: 'information_link',
              },
            ],
          },
          debugId,
        );
      }
    }
    if (requestId) idempotency.finish(requestId, out.status < 500 ? out : null);
    send(res, out);
  };
}
