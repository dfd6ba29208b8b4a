import { z } from 'zod';
import {
  createDocument,
  type ZodOpenApiObject,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
  type ZodOpenApiResponsesObject,
} from 'zod-openapi';
import {
  openApiPath,
  type ApiRoute,
  type FieldsSchema,
  type HttpMethod,
  type MediaType,
  type RouteResponse,
} from './route-definition';
import { XML_TYPES } from './route-input';
import { DEFAULT_USER_RATE_LIMITS, type UserRateLimits } from './user-rate-limiter';

/** The one error shape of every answer that is not a success. */
export const errorResponseSchema = z
  .looseObject({
    error: z.looseObject({
      code: z.string().meta({ description: 'Stable and machine-readable: `validation_failed`, `not_found`, ...' }),
      message: z.string().meta({ description: 'For people; may change' }),
      details: z
        .union([
          z.array(z.object({ path: z.string().optional(), message: z.string() })),
          z.record(z.string(), z.unknown()),
        ])
        .optional()
        .meta({ description: 'The failing fields of a 400, or facts about the refusal' }),
      requestId: z.string().optional().meta({ description: 'The request id, as in the logs' }),
    }),
  })
  .meta({ id: 'Error' });

/**
 * A route mounted outside the table (provider webhooks with raw bodies, health probes), listed
 * in the document all the same. Its body is described, not parsed by a schema.
 */
export interface OutsideRouteDoc {
  method: HttpMethod;
  path: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  headers?: FieldsSchema;
  body?: { media: string; description: string };
  responses: Readonly<Record<number, RouteResponse>>;
}

export const BEARER_SCHEME = 'bearerAuth';

const ACCESS_TEXT: Record<ApiRoute['auth'], string> = {
  public: 'Anyone, no token needed.',
  signed_in: 'Any signed-in user.',
  student: 'Students only.',
  admin: 'Admins only.',
};

const OWNER_TEXT: Record<NonNullable<ApiRoute['owner']>, string> = {
  caller: " Acts on the caller's own resources only; another user's is 404.",
  caller_or_admin: " Students reach their own resources (another user's is 404); admins reach everyone's.",
};

function errorAnswer(status: number, description: string): ZodOpenApiResponseObject {
  const answer: ZodOpenApiResponseObject = {
    description,
    content: { 'application/json': { schema: errorResponseSchema } },
  };
  if (status === 429) {
    answer.headers = {
      'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } },
    };
  }
  return answer;
}

function successAnswer(status: number, response: RouteResponse): ZodOpenApiResponseObject {
  if (status === 204) return { description: response.description };
  const media: readonly MediaType[] = response.media ?? ['application/json'];
  return {
    description: response.description,
    content: Object.fromEntries(
      media.map((type) => [type, type === 'application/json' ? {} : { schema: { type: 'string', format: 'binary' } }]),
    ),
  };
}

/** The answers a route gives: its own, plus the errors its declaration implies. */
function responsesOf(route: ApiRoute, limits: UserRateLimits): ZodOpenApiResponsesObject {
  const implied: Record<number, string> = {
    400: 'The request is invalid (`validation_failed`: an unknown or malformed field, or a control character in any string; `malformed_json`)',
  };
  if (route.auth !== 'public') implied[401] = 'No valid bearer token (`unauthorized`, `invalid_token`)';
  if (route.auth === 'student' || route.auth === 'admin')
    implied[403] = `Signed in, but not as ${route.auth === 'student' ? 'a student' : 'an admin'} (\`forbidden\`)`;
  if (route.notFound) implied[404] = `No such ${route.notFound.toLowerCase()} (\`not_found\`)`;
  if (route.body || route.xmlBody) implied[413] = 'The body is too large (`payload_too_large`)';
  if (route.signInLimit)
    implied[429] = 'Too many attempts from this address or for this account (`rate_limited`); wait and try again';
  if (route.rateLimit) {
    const { limit, windowMs } = limits[route.rateLimit.name];
    implied[429] = `More than ${limit} ${route.rateLimit.name} requests by this user in ${windowMs / 1000} s (\`rate_limited\`)${route.rateLimit.when ? ', counting only the requests the limit applies to' : ''}`;
  }
  const described = Object.fromEntries(
    Object.entries(implied).map(([status, text]) => [status, { description: text }]),
  );
  return answersOf({ ...described, ...route.responses });
}

function answersOf(responses: Readonly<Record<number, RouteResponse>>): ZodOpenApiResponsesObject {
  const answers: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, response] of Object.entries(responses)) {
    const code = Number(status);
    answers[status] = code < 400 ? successAnswer(code, response) : errorAnswer(code, response.description);
  }
  return answers as ZodOpenApiResponsesObject;
}

function requestBodyOf(route: ApiRoute): ZodOpenApiOperationObject['requestBody'] {
  if (route.xmlBody) {
    return {
      required: true,
      description: `${route.xmlBody.what}, at most ${route.xmlBody.limit}`,
      content: Object.fromEntries(XML_TYPES.map((type) => [type, { schema: { type: 'string' } }])),
    };
  }
  if (!route.body) return undefined;
  // A missing body is read as {}: the body is optional exactly when {} is valid.
  return { required: !route.body.safeParse({}).success, content: { 'application/json': { schema: route.body } } };
}

export function operationOf(route: ApiRoute, limits: UserRateLimits): ZodOpenApiOperationObject {
  return {
    operationId: operationId(route.method, route.path),
    summary: route.summary,
    description: [route.description, `Access: ${ACCESS_TEXT[route.auth]}${route.owner ? OWNER_TEXT[route.owner] : ''}`]
      .filter(Boolean)
      .join('\n\n'),
    tags: [...route.tags],
    security: route.auth === 'public' ? [] : [{ [BEARER_SCHEME]: [] }],
    requestParams: defined({ path: route.params, query: route.query, header: route.headers }),
    requestBody: requestBodyOf(route),
    responses: responsesOf(route, limits),
    'x-access': route.auth,
    ...(route.owner ? { 'x-owner': route.owner } : {}),
    ...(route.rateLimit ? { 'x-rate-limit': route.rateLimit.name } : {}),
  };
}

function outsideOperationOf(doc: OutsideRouteDoc): ZodOpenApiOperationObject {
  return {
    operationId: operationId(doc.method, doc.path),
    summary: doc.summary,
    description: doc.description,
    tags: [...doc.tags],
    security: [],
    requestParams: defined({ header: doc.headers }),
    requestBody: doc.body
      ? { required: true, description: doc.body.description, content: { [doc.body.media]: { schema: {} } } }
      : undefined,
    responses: answersOf(doc.responses),
  };
}

/** The entries that are set (zod-openapi reads every key it is given). */
function defined<T extends object>(entries: T): Partial<T> {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** `post /api/payments/checkout/:courseId` → `postApiPaymentsCheckoutCourseId`. */
function operationId(method: HttpMethod, path: string): string {
  const words = path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

/**
 * The OpenAPI 3.1 document of the API, generated from the route table's zod schemas (the same
 * ones that validate requests) and the docs of the routes mounted outside it.
 */
export function buildOpenApiDocument(
  routes: readonly ApiRoute[],
  outside: readonly OutsideRouteDoc[],
  limits: UserRateLimits = DEFAULT_USER_RATE_LIMITS,
) {
  const paths: ZodOpenApiPathsObject = {};
  const add = (method: HttpMethod, path: string, operation: ZodOpenApiOperationObject) => {
    const key = openApiPath(path);
    paths[key] = { ...paths[key], [method]: operation };
  };
  for (const route of routes) add(route.method, route.path, operationOf(route, limits));
  for (const doc of outside) add(doc.method, doc.path, outsideOperationOf(doc));
  const document: ZodOpenApiObject = {
    openapi: '3.1.0',
    info: {
      title: 'LMS payments API',
      version: '1',
      description:
        'Course purchases, subscriptions, refunds and the admin console. Sign in with `POST /api/auth/login` and send the token as `Authorization: Bearer <token>`. Every error answers `{error: {code, message, details?}}`.',
    },
    tags: [...new Set([...routes, ...outside].flatMap((r) => r.tags))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        [BEARER_SCHEME]: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
    },
  };
  return createDocument(document);
}
