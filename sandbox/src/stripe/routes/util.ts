import { JsonObject, clone } from '../../shared/json';
import { invalidParam, resourceMissing } from '../errors';
import { Params } from '../params';
import { StripeState } from '../state';

/** Fetches an object named in the URL path, 404 `resource_missing` otherwise. */
export function mustGet<T>(map: Map<string, T>, id: string): T {
  const found = map.get(id);
  if (!found) throw resourceMissing(id);
  return found;
}

/** Fetches an object named by a parameter, 400 `resource_missing` with that `param` otherwise. */
export function mustRef<T>(map: Map<string, T>, id: string, param: string): T {
  const found = map.get(id);
  if (!found) throw resourceMissing(id, param);
  return found;
}

/** Stripe list semantics: newest first, `limit` (1–100, default 10), `starting_after`, `ending_before`. */
export function listOf<T extends { id: string }>(
  state: StripeState,
  items: Iterable<T>,
  url: string,
  params: Params,
): JsonObject {
  const limit = params.int('limit') ?? 10;
  if (limit < 1 || limit > 100)
    throw invalidParam('limit', 'This value must be less than or equal to 100 (it currently is ' + limit + ').');
  let all = [...items].sort((a, b) => state.rank(b.id) - state.rank(a.id));
  const after = params.str('starting_after');
  const before = params.str('ending_before');
  if (after) {
    const i = all.findIndex((x) => x.id === after);
    if (i === -1) throw resourceMissing(after, 'starting_after');
    all = all.slice(i + 1);
  } else if (before) {
    const i = all.findIndex((x) => x.id === before);
    if (i === -1) throw resourceMissing(before, 'ending_before');
    all = all.slice(Math.max(0, i - limit), i);
  }
  const page = all.slice(0, limit);
  return { object: 'list', data: clone(page) as unknown as JsonObject[], has_more: all.length > limit, url };
}
