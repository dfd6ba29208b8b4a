import { api, type TestContext } from './test-app';

interface PageBody<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Reads a keyset-paginated admin list to its end, `limit` at a time, following `nextCursor`;
 * fails on a non-200 page or a page longer than `limit`. Returns every item in order.
 */
export async function readAllPages<T>(
  ctx: Pick<TestContext, 'app'>,
  token: string,
  path: string,
  query: Record<string, string | number>,
  limit: number,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page += 1) {
    const res = await api(ctx.app)
      .get(path)
      .query({ ...query, limit, ...(cursor ? { cursor } : {}) })
      .auth(token, { type: 'bearer' });
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    const body = res.body as PageBody<T>;
    if (body.items.length > limit) throw new Error(`${path} gave ${body.items.length} items for limit ${limit}`);
    items.push(...body.items);
    cursor = body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error(`${path} did not end after 1000 pages`);
}
