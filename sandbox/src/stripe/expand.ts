import { Json, JsonObject, clone, isObject } from '../shared/json';
import { invalidParam } from './errors';
import { StripeState } from './state';
import { list } from './objects/common';

/**
 * Fields that are not ids but are only sent when expanded (`line_items` on a Checkout Session,
 * `payments` on an invoice): Stripe calls them includable.
 */
function includable(state: StripeState, obj: JsonObject, field: string): Json | undefined {
  if (obj.object === 'charge' && field === 'refunds') return chargeRefunds(state, String(obj.id));
  if (obj.object === 'checkout.session' && field === 'line_items') {
    const items = state.sessionMeta.get(String(obj.id))?.lineItems ?? [];
    return list(clone(items), `/v1/checkout/sessions/${String(obj.id)}/line_items`);
  }
  if (obj.object === 'invoice' && field === 'payments') {
    const data = [...state.invoicePayments.values()].filter((p) => p.invoice === String(obj.id));
    return list(clone(data) as unknown as JsonObject[], `/v1/invoice_payments?invoice=${String(obj.id)}`);
  }
  return undefined;
}

/** How many refunds an expanded `charge.refunds` shows before `has_more` (Stripe: the 10 newest). */
const EMBEDDED_REFUNDS = 10;

/** A charge's refunds as `expand[]=refunds` shows them: newest first, the rest via `/v1/refunds?charge=`. */
function chargeRefunds(state: StripeState, chargeId: string): Json {
  const all = [...state.refunds.values()]
    .filter((r) => r.charge === chargeId)
    .sort((a, b) => state.rank(b.id) - state.rank(a.id));
  return {
    ...list(clone(all.slice(0, EMBEDDED_REFUNDS)), `/v1/charges/${chargeId}/refunds`),
    has_more: all.length > EMBEDDED_REFUNDS,
    total_count: all.length,
  };
}

function expandPath(state: StripeState, node: Json, path: string[], full: string): Json {
  if (path.length === 0 || node === null) return node;
  if (Array.isArray(node)) return node.map((n) => expandPath(state, n, path, full));
  if (!isObject(node)) throw invalidParam('expand', `This property cannot be expanded (${full}).`);
  const [head, ...rest] = path;
  let value = node[head];
  if (typeof value === 'string') {
    const target = state.find(value);
    if (!target) throw invalidParam('expand', `This property cannot be expanded (${full}).`);
    value = clone(target) as Json;
  } else if (value === undefined) {
    const inc = includable(state, node, head);
    if (inc === undefined) throw invalidParam('expand', `This property cannot be expanded (${full}).`);
    value = inc;
  }
  node[head] = expandPath(state, value, rest, full);
  return node;
}

/** Applies `expand[]` paths (dotted, up to 4 levels as in Stripe) to a copy of the response. */
export function applyExpand(state: StripeState, obj: JsonObject, paths: string[]): JsonObject {
  let out = clone(obj);
  for (const p of paths) {
    const parts = p.split('.');
    if (parts.length > 4)
      throw invalidParam('expand', `You cannot expand more than 4 levels of a property. Property: ${p}`);
    out = expandPath(state, out, parts, p) as JsonObject;
  }
  return out;
}
