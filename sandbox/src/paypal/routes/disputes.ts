import { JsonObject, isObject } from '../../shared/json';
import { invalidField } from '../errors';
import { acceptClaim, disputeState, disputeSummary, getDispute, provideEvidence } from '../disputes';
import { link } from '../objects';
import { Route, route } from '../router';

const API = 'customer-disputes';

function text(o: JsonObject | null, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The answer of every dispute action: `subsequent_action`, a link back to the dispute. */
function subsequent(self: string): JsonObject {
  return { links: [link(self, 'self')] };
}

/** Disputes API v1: list, show, and the two merchant actions the product may use. */
export const disputeRoutes: Route[] = [
  route('GET', '/v1/customer/disputes', API, ({ query }, ctx) => {
    const size = query.has('page_size') ? Number(query.get('page_size')) : 10;
    if (!Number.isInteger(size) || size < 1 || size > 50)
      throw invalidField(
        API,
        'page_size',
        String(query.get('page_size')),
        'INVALID_PARAMETER_VALUE',
        'page_size must be 1 to 50.',
      );
    const transaction = query.get('disputed_transaction_id');
    const states = query.get('dispute_state')?.split(',').filter(Boolean);
    const offset = Number(query.get('next_page_token') ?? '0') || 0;
    // Newest first, as the API documents.
    const all = [...ctx.state.disputes.values()]
      .filter((d) => !transaction || d.disputed_transactions.some((t) => t.seller_transaction_id === transaction))
      .filter((d) => !states?.length || states.includes(disputeState(d)))
      .reverse();
    const page = all.slice(offset, offset + size);
    const base = `${ctx.baseUrl()}/v1/customer/disputes`;
    const links = [link(base, 'self'), link(base, 'first')];
    if (offset + size < all.length) links.push(link(`${base}?next_page_token=${offset + size}`, 'next'));
    // `items` has minItems 1 in the spec: with no match the answer carries links only.
    return { status: 200, body: { ...(page.length ? { items: page.map(disputeSummary) } : {}), links } };
  }),
  route('GET', '/v1/customer/disputes/:id', API, ({ path }, ctx) => ({ status: 200, body: getDispute(ctx, path.id) })),
  route('POST', '/v1/customer/disputes/:id/accept-claim', API, ({ path, body }, ctx) => {
    const d = acceptClaim(ctx, getDispute(ctx, path.id), text(body, 'note'));
    return { status: 200, body: subsequent(d.links[0].href) };
  }),
  route('POST', '/v1/customer/disputes/:id/provide-evidence', API, ({ path, body, files }, ctx) => {
    const evidences = Array.isArray(body?.evidences) ? body.evidences.filter(isObject) : [];
    const d = provideEvidence(ctx, getDispute(ctx, path.id), evidences, files ?? []);
    return { status: 200, body: subsequent(d.links[0].href) };
  }),
];
