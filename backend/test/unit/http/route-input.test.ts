import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../../src/errors/app-error';
import { defineRoute } from '../../../src/http/route-definition';
import { parseRouteInput, type RawRouteInput } from '../../../src/http/route-input';
import { idempotencyKeyHeader, pathId } from '../../../src/http/validation';

const route = defineRoute({
  method: 'post',
  path: '/api/things/:id',
  auth: 'student',
  summary: 'A test route',
  tags: ['test'],
  params: z.strictObject({ id: pathId }),
  notFound: 'Thing',
  query: z.strictObject({ limit: z.coerce.number().int().min(1).default(5) }),
  body: z.strictObject({ name: z.string().min(1).optional() }),
  headers: idempotencyKeyHeader,
  responses: { 201: { description: 'Made' } },
  handle: async () => undefined,
});

const ID = '00000000-0000-4000-8000-000000000001';

function raw(overrides: Partial<RawRouteInput> = {}, headers: Record<string, string> = {}): RawRouteInput {
  return {
    params: { id: ID },
    query: {},
    body: undefined,
    header: (name) => headers[name.toLowerCase()],
    ...overrides,
  };
}

function failure(input: RawRouteInput): unknown {
  try {
    parseRouteInput(route, input);
  } catch (error) {
    return error;
  }
  throw new Error('expected the input to be refused');
}

describe('parsing a route input', () => {
  it('when every part is valid, then the handler gets the parsed values, defaults filled and the missing body read as {}', () => {
    expect(parseRouteInput(route, raw({ query: { limit: '7' } }, { 'idempotency-key': 'k-1' }))).toEqual({
      params: { id: ID },
      query: { limit: 7 },
      body: {},
      headers: { 'Idempotency-Key': 'k-1' },
    });
    expect(parseRouteInput(route, raw()).query).toEqual({ limit: 5 });
  });

  it('when the path id is malformed, then the 404 the service gives for an unknown id, not a 400', () => {
    for (const id of ['not-a-uuid', '123', `${ID}x`]) {
      const error = failure(raw({ params: { id } }));
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).message).toBe('Thing not found');
    }
  });

  it('when a query, body or header field is unknown or invalid, then a 400 naming it', () => {
    const cases: [RawRouteInput, string][] = [
      [raw({ query: { limit: '0' } }), 'limit'],
      [raw({ query: { extra: '1' } }), 'query'],
      [raw({ body: { name: '' } }), 'name'],
      [raw({ body: { name: 'x', admin: true } }), 'body'],
      [raw({ body: [] }), 'body'],
      [raw({}, { 'idempotency-key': 'has space' }), 'Idempotency-Key'],
    ];
    for (const [input, path] of cases) {
      const error = failure(input);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).details).toEqual([expect.objectContaining({ path })]);
    }
  });

  it('when any string read holds a control character, then a 400 before the schemas run, even for a path id', () => {
    const cases: [RawRouteInput, string][] = [
      [raw({ params: { id: '\u0000' } }), 'id'],
      [raw({ query: { limit: '5\u0000' } }), 'limit'],
      [raw({ query: { tag: ['ok', 'b\u001bad'] } }), 'tag.1'],
      [raw({ body: { name: 'Ada\u0000' } }), 'name'],
      [raw({}, { 'idempotency-key': 'k\t1' }), 'Idempotency-Key'],
    ];
    for (const [input, path] of cases) {
      const error = failure(input);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).details).toEqual([{ path, message: 'must not contain control characters' }]);
    }
  });
});
