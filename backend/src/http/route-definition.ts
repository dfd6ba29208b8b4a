import type { z } from 'zod';
import type { Principal } from '../services/auth/auth.service';
import type { Services } from '../services/container';
import type { UserRateLimitName } from './user-rate-limiter';

/**
 * One JSON route of the API, declared as data: what it is, who may call it and the schemas of
 * its inputs. `mountRoutes` turns the table into Express routes (parsing every input before the
 * handler runs) and the OpenAPI document is generated from the same definitions, so the two
 * cannot drift apart. Tests enumerate `API_ROUTES` to reach every route.
 */
export const HTTP_METHODS = ['get', 'post', 'put', 'delete'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/**
 * Who may call a route: anyone (`public`), any signed-in user (`signed_in`), or one role only
 * (anyone else signed in gets 403). Anonymous callers of a non-public route get 401.
 */
export type RouteAuth = 'public' | 'signed_in' | 'student' | 'admin';

/**
 * What the service lets the caller reach, checked in the service rather than by role: only
 * their own resources (`caller`), or their own and, for admins, everyone's (`caller_or_admin`).
 * Another user's resource is answered 404, exactly as one that does not exist.
 */
export type RouteOwnership = 'caller' | 'caller_or_admin';

/**
 * Limits of the sign-in routes, counted inside AuthService (AuthThrottle: per client IP, per
 * account, per process, on the normalised email); the table only documents their 429.
 */
export type SignInLimitName = 'login' | 'registration';

export type MediaType = 'application/json' | 'application/pdf' | 'text/csv' | 'text/plain';

export interface RouteResponse {
  description: string;
  /** What the answer carries; JSON when absent, nothing for 204. */
  media?: readonly MediaType[];
}

/** A zod schema whose input is the object Express hands over (path params, query, headers). */
export type FieldsSchema = z.ZodType<Record<string, unknown>, Record<string, unknown>>;

/** No fields at all: the default for params, query and body, so any unknown field is a 400. */
export type NoFields = z.ZodObject<Record<string, never>, z.core.$strict>;

export interface RouteInput<A extends RouteAuth, P, Q, B, H> {
  params: P;
  query: Q;
  body: B;
  headers: H;
  /** The verified caller; absent only on public routes. */
  principal: A extends 'public' ? undefined : Principal;
  /** The client's address as Express resolves it (TRUST_PROXY decides whether X-Forwarded-For counts). */
  ip: string;
}

/** A per-user limit on a signed-in route; `when` narrows it to some requests (`?refresh=true`). */
export interface RouteRateLimit<I> {
  name: UserRateLimitName;
  when?(input: I): boolean;
}

export interface RouteDefinition<
  A extends RouteAuth = RouteAuth,
  P extends FieldsSchema = FieldsSchema,
  Q extends FieldsSchema = FieldsSchema,
  B extends z.ZodType = z.ZodType,
  H extends FieldsSchema = FieldsSchema,
> {
  method: HttpMethod;
  /** The full path in Express syntax (`/api/payments/:id`). */
  path: string;
  auth: A;
  owner?: RouteOwnership;
  summary: string;
  description?: string;
  tags: readonly string[];
  /** Path parameters; each id is a schema too (`z.guid()` where the service looks ids up by UUID). */
  params?: P;
  /**
   * The resource a path id names (`Payment`): an id that fails `params` is answered 404
   * "<notFound> not found", as the service answers an id it does not have, so a malformed id,
   * an unknown one and another user's look the same. A control character is still a 400.
   */
  notFound?: string;
  query?: Q;
  /** The JSON body (a missing body is read as `{}`); without it the route takes no body fields. */
  body?: B;
  /**
   * The body is an XML document (`what`, for messages) read as text up to `limit`, not JSON;
   * `body` is then a string schema. Any other Content-Type is a 415.
   */
  xmlBody?: { what: string; limit: string };
  /** Request headers the route reads (`Idempotency-Key`), by their canonical name. */
  headers?: H;
  /** The answers besides the errors every route can give; the lowest 2xx is the default status. */
  responses: Readonly<Record<number, RouteResponse>>;
  /** Limited by AuthService's throttle (documented as a 429; nothing is mounted for it). */
  signInLimit?: SignInLimitName;
  /** Counted after the input is parsed, before the handler: the N+1th request in the window is a 429. */
  rateLimit?: RouteRateLimit<RouteInput<A, z.output<P>, z.output<Q>, z.output<B>, z.output<H>>>;
  /**
   * Gets the parsed input and returns the JSON answer (sent with the default status) or a
   * `Reply` (another status, a file, no content).
   */
  handle(
    input: RouteInput<A, z.output<P>, z.output<Q>, z.output<B>, z.output<H>>,
    services: Services,
  ): Promise<unknown>;
}

/** Any route of the table, its schemas' types forgotten. */
export type ApiRoute = RouteDefinition;

/** Declares one route; only here for type inference of the handler's input from the schemas. */
export function defineRoute<
  const A extends RouteAuth,
  P extends FieldsSchema = NoFields,
  Q extends FieldsSchema = NoFields,
  B extends z.ZodType = NoFields,
  H extends FieldsSchema = NoFields,
>(route: RouteDefinition<A, P, Q, B, H>): ApiRoute {
  return route;
}

/** `/api/payments/:id` as OpenAPI writes it: `/api/payments/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

/** The status a plain returned value is sent with: the route's lowest 2xx. */
export function defaultStatus(route: ApiRoute): number {
  const success = Object.keys(route.responses)
    .map(Number)
    .filter((status) => status >= 200 && status < 300)
    .sort((a, b) => a - b);
  return success[0] ?? 200;
}
