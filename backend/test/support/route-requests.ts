import http from 'node:http';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { z } from 'zod';
import type { ApiRoute } from '../../src/http/route-definition';

/** A route as people name it: `GET /api/payments/:id`. */
export function routeKey(route: Pick<ApiRoute, 'method' | 'path'>): string {
  return `${route.method.toUpperCase()} ${route.path}`;
}

/** The `:name` parameters of an Express path, in order. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
}

/** The path with each `:name` replaced by its segment, which must already be percent-encoded. */
export function fillPath(path: string, encodedSegments: Readonly<Record<string, string>>): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_m, name: string) => {
    const segment = encodedSegments[name];
    if (segment === undefined) throw new Error(`no value for :${name} in ${path}`);
    return segment;
  });
}

/**
 * Percent-encodes any string as its UTF-8 bytes, like encodeURIComponent but total: a lone
 * surrogate becomes U+FFFD instead of throwing, so generated strings always make a URL.
 */
export function percentEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A query string (without `?`) from key/value pairs, each percent-encoded; a key may repeat. */
export function queryString(pairs: readonly (readonly [string, string])[]): string {
  return pairs.map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`).join('&');
}

// ---------------------------------------------------------------------------------------------
// The route's own schemas, as JSON Schema (zod 4), for generating requests from them.
// ---------------------------------------------------------------------------------------------

export interface JsonSchema {
  type?: string;
  enum?: readonly unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  anyOf?: readonly JsonSchema[];
  default?: unknown;
}

/** The JSON Schema of a route input's zod schema (its input side: what a client sends). */
export function jsonSchemaOf(schema: z.ZodType | undefined): JsonSchema | undefined {
  return schema ? (z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema) : undefined;
}

/** The field names of an object schema (query, body, headers), none for anything else. */
export function fieldsOf(schema: JsonSchema | undefined): Record<string, JsonSchema> {
  return schema?.properties ?? {};
}

/**
 * The smallest value a schema accepts, for building well-formed requests: required fields
 * only, the first enum value, the shortest string, the lowest number. A string with a pattern
 * or format this cannot satisfy throws: give that route a sample instead.
 */
export function minimalValue(schema: JsonSchema, where = 'value'): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.anyOf?.length) return minimalValue(schema.anyOf[0], where);
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(
        (schema.required ?? []).map((name) => [
          name,
          minimalValue(schema.properties?.[name] ?? {}, `${where}.${name}`),
        ]),
      );
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => minimalValue(schema.items ?? {}, `${where}[]`));
    case 'boolean':
      return true;
    case 'integer':
    case 'number':
      if (schema.minimum !== undefined) return schema.minimum;
      if (schema.exclusiveMinimum !== undefined) return Math.floor(schema.exclusiveMinimum) + 1;
      return 1;
    case 'string':
      return minimalString(schema, where);
    default:
      throw new Error(`${where}: no minimal value for ${JSON.stringify(schema)}`);
  }
}

function minimalString(schema: JsonSchema, where: string): string {
  const today = new Date().toISOString();
  const byFormat: Record<string, () => string> = {
    uuid: () => randomUUID(),
    email: () => `minimal-${randomUUID()}@example.com`,
    date: () => today.slice(0, 10),
    'date-time': () => today,
  };
  let value = schema.format ? byFormat[schema.format]?.() : 'x'.repeat(Math.max(schema.minLength ?? 1, 1));
  if (value !== undefined && schema.pattern && !patternOf(schema.pattern).test(value)) {
    // The same string every time: fast-check's first value for the pattern, from a fixed seed.
    value = fc.sample(fc.stringMatching(patternOf(schema.pattern)), { numRuns: 1, seed: 1 })[0];
  }
  if (value === undefined || (schema.pattern && !patternOf(schema.pattern).test(value))) {
    throw new Error(`${where}: no minimal string for ${JSON.stringify(schema)}; give the route a sample`);
  }
  return value;
}

/** A JSON Schema pattern as a RegExp: Unicode mode (for `\p{…}`) when the pattern allows it. */
export function patternOf(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return new RegExp(pattern);
  }
}

// ---------------------------------------------------------------------------------------------
// A raw HTTP client: the exact path, headers and bytes given, nothing normalised or added.
// ---------------------------------------------------------------------------------------------

export interface RawRequest {
  method: string;
  /** Path and query, already percent-encoded (sent as is: `..` and `%ZZ` stay). */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

export function sendRaw(baseUrl: string, request: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.path,
        headers: {
          ...request.headers,
          ...(request.body !== undefined ? { 'Content-Length': String(Buffer.byteLength(request.body)) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

/** Closes the kept-alive sockets, so jest can exit. */
export function closeRawClient(): void {
  agent.destroy();
}

/** The JSON an answer carries, or undefined when it is not JSON. */
export function jsonOf(res: RawResponse): unknown {
  if (!String(res.headers['content-type'] ?? '').startsWith('application/json')) return undefined;
  try {
    return JSON.parse(res.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Whether a body is the error shape every refusal uses: `{error: {code, message, details?, requestId?}}`. */
export function errorShapeProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body is not a JSON object';
  const keys = Object.keys(body);
  if (keys.length !== 1 || keys[0] !== 'error') return `the body has keys ${keys.join(', ')} besides "error"`;
  const error = (body as { error: unknown }).error;
  if (typeof error !== 'object' || error === null) return '"error" is not an object';
  const fields = error as Record<string, unknown>;
  if (typeof fields.code !== 'string' || !fields.code) return 'error.code is not a string';
  if (typeof fields.message !== 'string' || !fields.message) return 'error.message is not a string';
  const extra = Object.keys(fields).filter((k) => !['code', 'message', 'details', 'requestId'].includes(k));
  if (extra.length) return `error has unexpected fields ${extra.join(', ')}`;
  return undefined;
}
