import fc from 'fast-check';
import type { ApiRoute } from '../../src/http/route-definition';
import { CALLER_NAMES, type CallerName } from './api-callers';
import {
  field,
  idKindOfField,
  idRef,
  IdRef,
  junkString,
  numberFor,
  RawNumber,
  stringFor,
  valueFor,
  type IdKind,
} from './fuzz-values';
import { fieldsOf, jsonSchemaOf, minimalValue, pathParamNames, type JsonSchema } from './route-requests';

/**
 * fast-check arbitraries for whole requests to one route, from its own schemas: each part
 * (path, query, body, headers) near-valid or wild (junk values, malformed encodings and bodies,
 * odd headers), plus the fixed inputs every route gets first.
 */

const RAW_SEGMENTS = [
  '%ZZ',
  '%',
  '%0',
  '%00',
  'a%00b',
  '%0A',
  '%7F',
  '..%2f..%2f',
  '%2F',
  '%2e%2e',
  '..',
  '.',
  '%E0%A4%A',
  '%C0%AE%C0%AE',
  '%FF',
  '%u0041',
  '%25',
  '%20',
];

// --- Path -------------------------------------------------------------------------------------

export type PathValue =
  | { kind: 'id'; ref: IdRef }
  | { kind: 'uuid'; value: string }
  | { kind: 'text'; value: string }
  | { kind: 'raw'; value: string };

/** The kind of id a path parameter names, from its name or the route's `notFound`. */
export function idKindOf(route: ApiRoute, param: string): IdKind | undefined {
  const byParam: Record<string, IdKind> = {
    courseId: 'course',
    planId: 'plan',
    documentId: 'document',
    setupId: 'setup',
    orderId: 'paypalOrder',
    paymentId: 'payment',
    userId: 'user',
    paymentMethodId: 'method',
  };
  const byResource: Record<string, IdKind> = {
    Payment: 'payment',
    Course: 'course',
    Subscription: 'subscription',
    'Payment method': 'method',
    'Webhook event': 'webhookEvent',
    Plan: 'plan',
    Setup: 'setup',
    Document: 'document',
    Email: 'email',
  };
  return byParam[param] ?? (route.notFound ? byResource[route.notFound] : undefined);
}

function cleanPathValue(kind: IdKind | undefined): fc.Arbitrary<PathValue> {
  return fc.oneof(
    { weight: 8, arbitrary: idRef(kind).map((ref) => ({ kind: 'id' as const, ref })) },
    { weight: 1, arbitrary: fc.uuid({ version: [1, 4, 7] }).map((value) => ({ kind: 'uuid' as const, value })) },
  );
}

/** Junk, percent-encoded or raw (broken encodings, encoded separators), now and then a real id. */
function wildPathValue(kind: IdKind | undefined): fc.Arbitrary<PathValue> {
  return fc.oneof(
    { weight: 1, arbitrary: cleanPathValue(kind) },
    { weight: 3, arbitrary: junkString.map((value) => ({ kind: 'text' as const, value })) },
    { weight: 2, arbitrary: fc.constantFrom(...RAW_SEGMENTS).map((value) => ({ kind: 'raw' as const, value })) },
    // A NUL or newline the router decodes into the parameter.
    { weight: 1, arbitrary: fc.constantFrom('%00', 'a%00b', '%0A').map((value) => ({ kind: 'raw' as const, value })) },
  );
}

// --- Query ------------------------------------------------------------------------------------

export type QueryInput =
  | { kind: 'pairs'; pairs: (readonly [string, string | IdRef])[] }
  /** Sent as typed after `?`. */
  | { kind: 'raw'; text: string };

function queryValue(schema: JsonSchema, name: string, wild: boolean): fc.Arbitrary<string | IdRef> {
  const near =
    schema.type === 'integer' || schema.type === 'number'
      ? numberFor(schema).map((n) => (n instanceof RawNumber ? n.text : String(n)))
      : schema.type === 'boolean'
        ? fc.constantFrom('true', 'false', '1', 'yes')
        : schema.anyOf?.length
          ? fc.oneof(...schema.anyOf.map((s) => stringFor(s, idKindOfField(name), name)))
          : stringFor(schema, idKindOfField(name), name);
  return wild ? fc.oneof({ weight: 2, arbitrary: near }, { weight: 1, arbitrary: junkString }) : near;
}

const RAW_QUERIES = [
  '%ZZ=1',
  'a=%',
  '&&&',
  '=',
  '==',
  'limit',
  'limit=1&limit=2',
  'a[b]=c',
  'cursor[]=x',
  '__proto__[x]=1',
  '%00=%00',
  '?',
];

/** Some of the route's query fields with near-valid values; `wild`, junk values, unknown or repeated keys, broken encodings. */
export function queryFor(route: ApiRoute, wild: boolean): fc.Arbitrary<QueryInput> {
  const schema = jsonSchemaOf(route.query);
  const fields = Object.entries(fieldsOf(schema));
  const required = new Set(schema?.required ?? []);
  const known = fields.map(([name, schemaOfField]) =>
    field(
      queryValue(schemaOfField, name, wild).map((value) => [name, value] as const),
      required.has(name),
    ),
  );
  const extraPair = fc.tuple(
    fc.oneof(fc.constantFrom(...fields.map(([n]) => n), 'format', 'role', 'admin'), junkString),
    junkString,
  );
  const pairs = fc
    .tuple(fc.tuple(...known), wild ? fc.option(extraPair, { freq: 1 }) : fc.constant(null))
    .map(([picked, extra]) => ({
      kind: 'pairs' as const,
      pairs: [...picked.filter((p) => p !== null), ...(extra ? [extra] : [])],
    }));
  if (!wild) return pairs;
  return fc.oneof(
    { weight: 6, arbitrary: pairs },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_QUERIES).map((text) => ({ kind: 'raw' as const, text })) },
  );
}

// --- Body -------------------------------------------------------------------------------------

export type BodyInput =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown; contentType: string }
  | { kind: 'text'; text: string; contentType: string | null };

const JSON_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json;;',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/vnd.api+json',
  'application/json, text/plain',
];

const MALFORMED_JSON = [
  '{',
  '[',
  '{"a":',
  '{"a":1}}',
  'nul',
  '"text"',
  '1',
  'true',
  "{'a':1}",
  '{"a":1,}',
  '\ufeff{}',
  '{"a":"\\u00"}',
  '{"__proto__":{"x":1}}',
  '',
];

function deepNesting(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

const ECB_LIKE = [
  "<?xml version='1.0'?><gesmes:Envelope xmlns:gesmes='http://www.gesmes.org/xml/2002-08-01' xmlns='http://www.ecb.int/vocabulary/2002-08-01/eurofxref'><Cube><Cube time='2026-11-30'><Cube currency='USD' rate='1.1564'/></Cube></Cube></gesmes:Envelope>",
  "<?xml version='1.0'?><gesmes:Envelope xmlns:gesmes='http://www.gesmes.org/xml/2002-08-01' xmlns='http://www.ecb.int/vocabulary/2002-08-01/eurofxref'><Cube><Cube time='2026-11-30'><Cube currency='US\u0000D' rate='1e400'/></Cube></Cube></gesmes:Envelope>",
  '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><r>&c;</r>',
  '<r><Cube time="2026-11-30"><Cube currency="USD" rate="-1"/></Cube></r>',
  '<<<>>>',
  '<?xml version="1.0" encoding="UTF-16"?><r/>',
];

const XML_TYPES = fc.constantFrom(
  'application/xml',
  'text/xml',
  'text/xml; charset=utf-8',
  'application/xml; charset=latin1',
);

/** The body the route takes, near-valid, as JSON (or its XML); none for a route without one. */
function cleanBody(route: ApiRoute): fc.Arbitrary<BodyInput> {
  if (route.xmlBody)
    return fc
      .tuple(fc.constantFrom(...ECB_LIKE), XML_TYPES)
      .map(([text, contentType]) => ({ kind: 'text' as const, text, contentType }));
  const schema = jsonSchemaOf(route.body);
  if (!schema)
    return fc.oneof(
      { weight: 4, arbitrary: fc.constant({ kind: 'none' as const }) },
      fc.constant({ kind: 'json' as const, value: {}, contentType: 'application/json' }),
    );
  return valueFor(schema, false).map((value) => ({ kind: 'json' as const, value, contentType: 'application/json' }));
}

/** Bodies of every sort: the route's with wrong types and extra keys, any JSON, malformed or deep JSON, too large, odd types. */
function wildBody(route: ApiRoute): fc.Arbitrary<BodyInput> {
  const contentType = fc.oneof(
    { weight: 6, arbitrary: fc.constant('application/json') },
    { weight: 2, arbitrary: fc.constantFrom(...JSON_TYPES) },
  );
  const schema = jsonSchemaOf(route.body);
  const fromSchema: fc.Arbitrary<unknown> = schema && !route.xmlBody ? valueFor(schema, true) : fc.constant({});
  const json = (value: fc.Arbitrary<unknown>) =>
    fc.tuple(value, contentType).map(([v, type]) => ({ kind: 'json' as const, value: v, contentType: type }));
  const text = (body: fc.Arbitrary<string>, types: fc.Arbitrary<string | null>) =>
    fc.tuple(body, types).map(([t, type]) => ({ kind: 'text' as const, text: t, contentType: type }));
  const options: fc.WeightedArbitrary<BodyInput>[] = [
    { weight: 8, arbitrary: json(fromSchema) },
    { weight: 2, arbitrary: json(fc.jsonValue({ maxDepth: 3 })) },
    { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
    { weight: 2, arbitrary: text(fc.constantFrom(...MALFORMED_JSON), contentType) },
    {
      weight: 1,
      arbitrary: text(
        fc
          .tuple(fc.integer({ min: 500, max: 15000 }), fc.constantFrom('array' as const, 'object' as const))
          .map(([d, k]) => deepNesting(d, k)),
        fc.constant('application/json'),
      ),
    },
    // Past the 100 kB body limit.
    {
      weight: 1,
      arbitrary: text(fc.constant(JSON.stringify({ reason: 'x'.repeat(120_000) })), fc.constant('application/json')),
    },
    { weight: 1, arbitrary: text(junkString, fc.option(fc.constantFrom(...JSON_TYPES), { nil: null })) },
  ];
  if (route.xmlBody) {
    options.push({ weight: 8, arbitrary: text(fc.constantFrom(...ECB_LIKE), XML_TYPES) });
  }
  return fc.oneof(...options);
}

// --- Headers ----------------------------------------------------------------------------------

/** Header text Node's client will send (no control characters but tab). */
const headerJunk = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'a b',
    'x'.repeat(256),
    'x'.repeat(4000),
    '\u00e9',
    '\t',
    'key\u00ff',
    '../../x',
    "'; --",
    '%00',
  ),
  fc.string({
    unit: fc
      .integer({ min: 0x20, max: 0xff })
      .filter((c) => c !== 0x7f && (c < 0x80 || c > 0x9f))
      .map((c) => String.fromCharCode(c)),
    maxLength: 40,
  }),
);

export interface HeaderInput {
  idempotencyKey?: string;
  contentEncoding?: string;
  requestId?: string;
  accept?: string;
  /** Only for the anonymous caller: what it sends instead of a valid token. */
  badAuthorization?: 'none' | 'junk' | 'basic' | 'wrongSecret' | 'expired' | 'algNone' | 'empty';
  junk?: string;
}

/** Only what a client normally sends: sometimes a well-formed Idempotency-Key. */
const cleanHeaders: fc.Arbitrary<HeaderInput> = fc.record(
  { idempotencyKey: fc.stringMatching(/^[\x21-\x7e]{8,40}$/) },
  { requiredKeys: [] },
);

const wildHeaders: fc.Arbitrary<HeaderInput> = fc.record(
  {
    idempotencyKey: fc.oneof(fc.stringMatching(/^[\x21-\x7e]{1,64}$/), headerJunk),
    contentEncoding: fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown', 'gzip, gzip'),
    requestId: headerJunk,
    accept: fc.constantFrom('application/pdf', 'text/csv', '*/*', 'text/html', 'application/json;q=0', 'x/y'),
    badAuthorization: fc.constantFrom(
      'none' as const,
      'junk' as const,
      'basic' as const,
      'wrongSecret' as const,
      'expired' as const,
      'algNone' as const,
      'empty' as const,
    ),
    junk: headerJunk,
  },
  { requiredKeys: ['badAuthorization'] },
);

// --- Callers ----------------------------------------------------------------------------------

/** Any caller, those the route lets in three times as often (the others are turned away early). */
export function callerFor(route: ApiRoute): fc.Arbitrary<CallerName> {
  const allowed = (c: CallerName) =>
    route.auth === 'public' ||
    (route.auth === 'signed_in' && c !== 'anonymous') ||
    (route.auth === 'student' && (c === 'student' || c === 'otherStudent')) ||
    (route.auth === 'admin' && c === 'admin');
  return fc.oneof(...CALLER_NAMES.map((c) => ({ weight: allowed(c) ? 3 : 1, arbitrary: fc.constant(c) })));
}

// --- One request ------------------------------------------------------------------------------

export interface FuzzInput {
  caller: CallerName;
  params: Record<string, PathValue>;
  query: QueryInput;
  body: BodyInput;
  headers: HeaderInput;
}

/**
 * One request: near-valid in every part but one, which is wild (or none is), so most requests
 * get past the first check and the wild part meets the code behind it.
 */
export function fuzzInput(route: ApiRoute): fc.Arbitrary<FuzzInput> {
  const names = pathParamNames(route.path);
  const params = (value: (kind: IdKind | undefined) => fc.Arbitrary<PathValue>) =>
    fc.record(Object.fromEntries(names.map((name) => [name, value(idKindOf(route, name))])));
  const clean = {
    caller: callerFor(route),
    params: params(cleanPathValue),
    query: queryFor(route, false),
    body: cleanBody(route),
    headers: cleanHeaders,
  };
  const variants: fc.WeightedArbitrary<FuzzInput>[] = [
    { weight: 3, arbitrary: fc.record(clean) },
    { weight: 2, arbitrary: fc.record({ ...clean, query: queryFor(route, true) }) },
    { weight: 3, arbitrary: fc.record({ ...clean, body: wildBody(route) }) },
    { weight: 2, arbitrary: fc.record({ ...clean, headers: wildHeaders }) },
  ];
  if (names.length) variants.push({ weight: 3, arbitrary: fc.record({ ...clean, params: params(wildPathValue) }) });
  return fc.oneof(...variants);
}

// --- Probes -----------------------------------------------------------------------------------

/** A caller the route lets in. */
function allowedCaller(route: ApiRoute): CallerName {
  return route.auth === 'public' ? 'anonymous' : route.auth === 'admin' ? 'admin' : 'student';
}

const PROBE = '\u0000';

/**
 * The requests every route gets first, whatever the seed. Inputs that once went wrong: a path
 * with broken percent-encoding (the router cannot decode it) and a body whose Content-Encoding
 * says gzip when it is not answered 500; a reconciliation run with a bad cursor ran before its
 * 400. Then NUL probes: the well-formed request with a NUL put into one string at a time, each
 * path parameter, query field and body field in turn (a validator that lets a NUL through hands
 * it to the database, which refuses it).
 */
export function fixedInputs(route: ApiRoute): FuzzInput[] {
  const base = wellFormed(route);
  const names = pathParamNames(route.path);
  const queryFields = fieldsOf(jsonSchemaOf(route.query));
  const inputs: FuzzInput[] = (['gzip', 'deflate', 'br'] as const).map((encoding) => ({
    ...base,
    body: base.body.kind === 'none' ? { kind: 'json', value: {}, contentType: 'application/json' } : base.body,
    headers: { contentEncoding: encoding },
  }));
  if (names.length) {
    inputs.push({ ...base, params: Object.fromEntries(names.map((n) => [n, { kind: 'raw', value: '%ZZ' }])) });
  }
  if ('cursor' in queryFields) inputs.push({ ...base, query: { kind: 'pairs', pairs: [['cursor', 'not-a-cursor']] } });

  for (const name of names)
    inputs.push({ ...base, params: { ...base.params, [name]: { kind: 'text', value: `a${PROBE}b` } } });
  const pairs = base.query.kind === 'pairs' ? base.query.pairs : [];
  for (const [name, field] of Object.entries(queryFields)) {
    if (field.type !== 'string' && !field.anyOf) continue;
    const given = pairs.find(([k]) => k === name)?.[1];
    const others = pairs.filter(([k]) => k !== name);
    inputs.push({ ...base, query: { kind: 'pairs', pairs: [...others, [name, `${String(given ?? 'x')}${PROBE}`]] } });
  }
  if (base.body.kind === 'json') {
    for (const path of stringFieldPaths(jsonSchemaOf(route.body)!)) {
      inputs.push({ ...base, body: { ...base.body, value: withNul(base.body.value, path) } });
    }
  }
  return inputs;
}

/** A request the route accepts as it is: a caller it lets in, the student's own ids, the schema's minimal query and body. */
function wellFormed(route: ApiRoute): FuzzInput {
  const params = Object.fromEntries(
    pathParamNames(route.path).map((name) => [
      name,
      { kind: 'id' as const, ref: new IdRef('student', idKindOf(route, name) ?? 'payment', 0) },
    ]),
  );
  const query = minimalOrUndefined(jsonSchemaOf(route.query)) as Record<string, unknown> | undefined;
  const body = route.xmlBody ? undefined : minimalOrUndefined(jsonSchemaOf(route.body));
  return {
    caller: allowedCaller(route),
    params,
    query: { kind: 'pairs', pairs: Object.entries(query ?? {}).map(([k, v]) => [k, String(v)] as const) },
    body: body === undefined ? { kind: 'none' } : { kind: 'json', value: body, contentType: 'application/json' },
    headers: {},
  };
}

function minimalOrUndefined(schema: JsonSchema | undefined): unknown {
  if (!schema) return undefined;
  try {
    return minimalValue(schema);
  } catch {
    return undefined;
  }
}

/** Where the strings of a body are: `['name']`, `[0, 'rate']`. */
function stringFieldPaths(schema: JsonSchema): (string | number)[][] {
  if (schema.type === 'string' || schema.anyOf) return [[]];
  if (schema.type === 'array' && schema.items) return stringFieldPaths(schema.items).map((p) => [0, ...p]);
  if (schema.type === 'object') {
    return Object.entries(fieldsOf(schema)).flatMap(([name, field]) =>
      stringFieldPaths(field).map((p) => [name, ...p]),
    );
  }
  return [];
}

/** A copy of `value` with a NUL appended to the string at `path` (the field set to one when absent). */
function withNul(value: unknown, path: (string | number)[]): unknown {
  if (path.length === 0) return `${typeof value === 'string' ? value : 'x'}${PROBE}`;
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    const list = Array.isArray(value) && value.length ? [...(value as unknown[])] : [{}];
    list[0] = withNul(list[0], rest);
    return list;
  }
  const object = { ...(value as Record<string, unknown>) };
  object[head] = withNul(object[head], rest);
  return object;
}
