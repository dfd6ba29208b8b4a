import { z } from 'zod';
import { API_ROUTES } from '../../src/http/api-routes';
import { HTTP_METHODS, openApiPath, type ApiRoute } from '../../src/http/route-definition';
import { parseRouteInput } from '../../src/http/route-input';
import { api, createTestContext, type TestContext } from '../support/test-app';

type Json = Record<string, unknown>;
interface Operation extends Json {
  parameters?: { in: string; name: string; required?: boolean; schema: Json }[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: Json }> };
  responses: Record<string, unknown>;
  security?: unknown[];
  'x-access'?: string;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
}

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';
const label = (route: ApiRoute) => `${route.method.toUpperCase()} ${route.path}`;
const samplePath = (path: string) => path.replace(/:[A-Za-z]+/g, SAMPLE_ID);

/** The JSON Schema the validator's zod schema stands for, as the document should carry it. */
function jsonSchemaOf(schema: z.ZodType): Json {
  const generated = z.toJSONSchema(schema, { io: 'input' }) as Json;
  delete generated.$schema;
  return generated;
}

/** `$ref`s into the document's components, replaced by what they name. */
function resolved(doc: Document, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => resolved(doc, v));
  if (value === null || typeof value !== 'object') return value;
  const ref = (value as Json).$ref;
  if (typeof ref === 'string') return resolved(doc, doc.components.schemas[ref.replace('#/components/schemas/', '')]);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolved(doc, v)]));
}

function operationFor(doc: Document, route: ApiRoute): Operation {
  const operation = doc.paths[openApiPath(route.path)]?.[route.method];
  if (!operation) throw new Error(`${label(route)} is missing from the document`);
  return operation;
}

/** A schema's first example; one is required where {} would not do. */
function exampleIn(documented: Json, route: ApiRoute): unknown {
  const [example] = (documented.examples as unknown[] | undefined) ?? [];
  if (example !== undefined) return example;
  const required = (documented.required as string[] | undefined) ?? [];
  if (documented.type === 'object' && required.length === 0) return {};
  throw new Error(`${label(route)}: a schema with required fields needs an example in .meta()`);
}

const pathNames = (route: ApiRoute) => Object.keys((route.params as z.ZodObject | undefined)?.shape ?? {});

describe('the OpenAPI document', () => {
  let ctx: TestContext;
  let doc: Document;
  const tokens: Partial<Record<ApiRoute['auth'], string>> = {};
  beforeAll(async () => {
    ctx = await createTestContext();
    tokens.student = (await ctx.createUser('student')).token;
    tokens.signed_in = tokens.student;
    tokens.admin = (await ctx.createUser('admin')).token;
    const res = await api(ctx.app).get('/api/docs/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body as Document;
  });
  afterAll(() => ctx.close());

  const send = (route: ApiRoute, body?: unknown, query?: Json) => {
    const request = api(ctx.app)[route.method](samplePath(route.path));
    const token = tokens[route.auth];
    if (token) request.auth(token, { type: 'bearer' });
    if (query) request.query(query);
    return body === undefined ? request : request.send(body as object);
  };

  it('when fetched, then it is OpenAPI 3.1 with the bearer scheme and the one error shape', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    const error = resolved(doc, doc.components.schemas.Error) as Json;
    expect(error).toMatchObject({
      required: ['error'],
      properties: {
        error: {
          required: ['code', 'message'],
          properties: { code: { type: 'string' }, message: { type: 'string' }, details: {}, requestId: {} },
        },
      },
    });
  });

  it('when a route is in the table, then the document lists it with its access, security and the errors it can give', () => {
    for (const route of API_ROUTES) {
      const operation = operationFor(doc, route);
      const statuses = Object.keys(operation.responses).map(Number);
      expect({ route: label(route), access: operation['x-access'], security: operation.security }).toEqual({
        route: label(route),
        access: route.auth,
        security: route.auth === 'public' ? [] : [{ bearerAuth: [] }],
      });
      const expected = [400, ...Object.keys(route.responses).map(Number)];
      if (route.auth !== 'public') expected.push(401);
      if (route.auth === 'student' || route.auth === 'admin') expected.push(403);
      if (route.notFound) expected.push(404);
      if (route.rateLimit || route.signInLimit) expected.push(429);
      expect({ route: label(route), statuses: statuses.filter((s) => expected.includes(s)).sort() }).toEqual({
        route: label(route),
        statuses: [...new Set(expected)].sort(),
      });
    }
  });

  it('when the document lists an operation, then the app serves it (nothing answers route_not_found)', async () => {
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations)) {
        expect(HTTP_METHODS).toContain(method);
        const res = await api(ctx.app)[method as ApiRoute['method']](path.replace(/\{[^}]+\}/g, SAMPLE_ID));
        expect({ path, method, code: res.body?.error?.code }).not.toEqual({ path, method, code: 'route_not_found' });
        expect({ path, method, status: res.status }).not.toEqual({ path, method, status: 500 });
      }
    }
  });

  it('when the app has a route of its own, then it is a table route or /metrics (no JSON route is mounted by hand)', () => {
    const { router } = ctx.app as unknown as { router: { stack: { route?: { path: string; methods: Json } }[] } };
    const mounted = router.stack
      .filter((layer) => layer.route)
      .flatMap((layer) => Object.keys(layer.route!.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`));
    // /metrics answers Prometheus text, not JSON; it is documented with the health probes.
    expect(mounted.sort()).toEqual([...API_ROUTES.map(label), 'GET /metrics'].sort());
  });

  it("when the document describes a route's path, query, header and body, then it is exactly the validator's schema", () => {
    for (const route of API_ROUTES) {
      const operation = operationFor(doc, route);
      const parameters = operation.parameters ?? [];
      for (const [where, schema] of [
        ['path', route.params],
        ['query', route.query],
        ['header', route.headers],
      ] as const) {
        const expected = schema ? jsonSchemaOf(schema) : { properties: {}, required: [] };
        const properties = (expected.properties ?? {}) as Record<string, Json>;
        const documented = parameters.filter((p) => p.in === where);
        expect({ route: label(route), where, names: documented.map((p) => p.name).sort() }).toEqual({
          route: label(route),
          where,
          names: Object.keys(properties).sort(),
        });
        for (const parameter of documented) {
          const required = ((expected.required as string[] | undefined) ?? []).includes(parameter.name);
          expect({ route: label(route), name: parameter.name, required: parameter.required === true }).toEqual({
            route: label(route),
            name: parameter.name,
            required,
          });
          expect(resolved(doc, parameter.schema)).toEqual(properties[parameter.name]);
        }
      }
      const body = operation.requestBody?.content['application/json']?.schema;
      if (route.body && !route.xmlBody) expect(resolved(doc, body)).toEqual(jsonSchemaOf(route.body));
      else expect({ route: label(route), body }).toEqual({ route: label(route), body: undefined });
    }
  });

  it("when a body or query misses a field the document requires, or adds one it does not list, then the validator answers 400; the document's example passes", async () => {
    for (const route of API_ROUTES) {
      const operation = operationFor(doc, route);
      const raw = (where: 'body' | 'query', input: unknown) => ({
        params: Object.fromEntries(pathNames(route).map((k) => [k, SAMPLE_ID])),
        query: where === 'query' ? input : {},
        body: where === 'body' ? input : undefined,
        header: () => undefined,
      });
      const parts: { where: 'body' | 'query'; documented: Json; example: unknown }[] = [];
      const bodySchema = operation.requestBody?.content['application/json']?.schema;
      if (bodySchema) {
        const documented = resolved(doc, bodySchema) as Json;
        parts.push({ where: 'body', documented, example: exampleIn(documented, route) });
        // No body at all is read as {}: refused exactly when the document says the body is required.
        const refusesNone = await send(route).then(
          (res) => res.status === 400 && res.body.error.code === 'validation_failed',
        );
        expect({ route: label(route), refusesNone }).toEqual({
          route: label(route),
          refusesNone: operation.requestBody!.required === true,
        });
      }
      const queryParameters = (operation.parameters ?? []).filter((p) => p.in === 'query');
      if (route.query) {
        const documented = {
          type: 'object',
          required: queryParameters.filter((p) => p.required).map((p) => p.name),
          additionalProperties: false,
        };
        parts.push({ where: 'query', documented, example: exampleIn(jsonSchemaOf(route.query), route) });
      }
      for (const { where, documented, example } of parts) {
        expect(() => parseRouteInput(route, raw(where, example))).not.toThrow();
        if (documented.type !== 'object') continue;
        expect({ route: label(route), where, additionalProperties: documented.additionalProperties }).toEqual({
          route: label(route),
          where,
          additionalProperties: false,
        });
        const fields = example as Json;
        const invalid: [string, Json][] = ((documented.required as string[] | undefined) ?? []).map((field) => {
          const rest = { ...fields };
          delete rest[field];
          return [field, rest];
        });
        invalid.push([where, { ...fields, notDocumented: '1' }]);
        for (const [field, input] of invalid) {
          const res = where === 'body' ? await send(route, input) : await send(route, undefined, input);
          expect({ route: label(route), sent: input, status: res.status, code: res.body.error?.code }).toEqual({
            route: label(route),
            sent: input,
            status: 400,
            code: 'validation_failed',
          });
          expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
        }
      }
    }
  });

  it('when the interactive page is opened, then it loads only files from this server, with no inline script', async () => {
    const redirect = await api(ctx.app).get('/api/docs');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe('/api/docs/');
    const page = await api(ctx.app).get('/api/docs/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    const html = page.text;
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, inline] of scripts) {
      expect(attributes).toMatch(/src="\.\/[\w.-]+\.js"/);
      expect(inline!.trim()).toBe('');
    }
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    for (const asset of assets) {
      expect(asset).toMatch(/^\.\//);
      const res = await api(ctx.app).get(`/api/docs/${asset.slice(2)}`);
      expect({ asset, status: res.status }).toEqual({ asset, status: 200 });
    }
    const init = await api(ctx.app).get('/api/docs/swagger-ui-init.js');
    expect(init.text).toContain('"/api/docs/openapi.json"');
    expect(init.text).not.toMatch(/https?:\/\//);
  });
});
