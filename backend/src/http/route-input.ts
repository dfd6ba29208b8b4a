import { z } from 'zod';
import { AppError, NotFoundError, ValidationError } from '../errors/app-error';
import { rejectControlCharacters } from './control-characters';
import type { ApiRoute, FieldsSchema } from './route-definition';
import { parseInput } from './validation';

export const XML_TYPES = ['application/xml', 'text/xml'];

const NO_FIELDS = z.strictObject({});

/** What a request brought, before any parsing: the part of an Express request the table reads. */
export interface RawRouteInput {
  params: Record<string, string>;
  query: unknown;
  /** The parsed JSON (undefined when none was sent), or the text of an XML body. */
  body: unknown;
  header(name: string): string | undefined;
  /** For an XML route: whether the request's Content-Type is XML. */
  isXml?: boolean;
}

export interface ParsedRouteInput {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  headers: Record<string, unknown>;
}

/**
 * Parses a request's inputs with its route's schemas. First every string is checked for
 * control characters (a 400, even in a path id); then path, query, body and headers are parsed
 * in that order, and the first part that fails is the 400 (or the 404 of a malformed path id,
 * see `notFound`). The same function runs for every mounted route, so a test may call it directly.
 */
export function parseRouteInput(route: ApiRoute, raw: RawRouteInput): ParsedRouteInput {
  const headers = route.headers ? headerValues(route.headers, raw.header) : {};
  rejectControlCharacters('path', raw.params);
  rejectControlCharacters('query', raw.query);
  // An XML document has line breaks and tabs; it may not have other control characters either.
  rejectControlCharacters('body', raw.body, route.xmlBody !== undefined);
  rejectControlCharacters('headers', headers);
  return {
    params: parseParams(route, raw.params),
    query: parseInput<Record<string, unknown>>(route.query ?? NO_FIELDS, raw.query ?? {}, 'query'),
    body: parseBody(route, raw),
    headers: route.headers ? parseInput(route.headers, headers, 'headers') : {},
  };
}

function parseParams(route: ApiRoute, params: Record<string, string>): Record<string, unknown> {
  const schema = route.params ?? NO_FIELDS;
  if (!route.notFound) return parseInput(schema, params, 'path');
  const result = schema.safeParse(params);
  if (!result.success) throw new NotFoundError(route.notFound);
  return result.data;
}

function parseBody(route: ApiRoute, raw: RawRouteInput): unknown {
  if (route.xmlBody) {
    if (!raw.isXml || typeof raw.body !== 'string') {
      throw new AppError(415, 'unsupported_media_type', `Send ${route.xmlBody.what} as ${XML_TYPES.join(' or ')}`);
    }
    return parseInput(route.body ?? z.string(), raw.body);
  }
  return parseInput(route.body ?? NO_FIELDS, raw.body ?? {});
}

/** The declared headers only, by the names the schema gives them; others are not the route's business. */
function headerValues(schema: FieldsSchema, header: (name: string) => string | undefined): Record<string, unknown> {
  if (!(schema instanceof z.ZodObject)) throw new ValidationError('A route header schema must be an object');
  return Object.fromEntries(Object.keys(schema.shape).map((name) => [name, header(name)]));
}
