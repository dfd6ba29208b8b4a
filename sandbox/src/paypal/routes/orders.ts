import { paypalId } from '../../shared/ids';
import { JsonObject, clone, isObject } from '../../shared/json';
import { invalidField, invalidRequest, missingField } from '../errors';
import { parseMoney } from '../money';
import { captureOrder, getOrder } from '../orders';
import { MERCHANT, embeddedCapture, isoNow, minimalOrder, orderLinks } from '../objects';
import { PayPalContext } from '../context';
import { Route, route, PPRequest } from '../router';
import { Order, PurchaseUnit } from '../types';
import { chargeVaultedWallet, vaultTokenFor } from '../vault-orders';

function text(o: JsonObject, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function purchaseUnits(body: JsonObject): PurchaseUnit[] {
  const units = body.purchase_units;
  if (!Array.isArray(units) || units.length === 0) throw missingField('orders', '/purchase_units');
  if (units.length > 10)
    throw invalidField(
      'orders',
      '/purchase_units',
      String(units.length),
      'INVALID_ARRAY_MAX_ITEMS',
      'The number of items in an array parameter is too large.',
    );
  const seen = new Set<string>();
  return units.map((u, i) => {
    if (!isObject(u)) throw missingField('orders', `/purchase_units/${i}`);
    const { money } = parseMoney('orders', u.amount, `/purchase_units/${i}/amount`, { positive: true });
    const ref = text(u, 'reference_id') ?? 'default';
    if (seen.has(ref))
      throw invalidRequest('orders', [
        {
          field: `/purchase_units/${i}/reference_id`,
          value: ref,
          location: 'body',
          issue: 'DUPLICATE_REFERENCE_ID',
          description: '`reference_id` must be unique if multiple `purchase_unit` are provided.',
        },
      ]);
    seen.add(ref);
    const unit: PurchaseUnit = { reference_id: ref, amount: money, payee: { ...MERCHANT } };
    for (const key of ['custom_id', 'invoice_id', 'description', 'soft_descriptor'] as const) {
      const v = text(u, key);
      if (v) unit[key] = v;
    }
    if (Array.isArray(u.items)) unit.items = clone(u.items);
    return unit;
  });
}

function create({ body, representation }: PPRequest, ctx: PayPalContext) {
  if (!body) throw missingField('orders', '/intent');
  const intent = text(body, 'intent');
  if (!intent) throw missingField('orders', '/intent');
  if (intent !== 'CAPTURE' && intent !== 'AUTHORIZE') throw invalidField('orders', '/intent', intent);
  const units = purchaseUnits(body);
  const appContext = isObject(body.application_context) ? body.application_context : {};
  const source =
    isObject(body.payment_source) && isObject(body.payment_source.paypal) ? body.payment_source.paypal : null;
  const experience = source && isObject(source.experience_context) ? source.experience_context : {};
  const vaultId = source ? text(source, 'vault_id') : undefined;
  // Checked before the order exists: an unusable saved wallet creates no order.
  const vaulted = vaultId ? vaultTokenFor(ctx, vaultId, intent) : undefined;
  const now = isoNow();
  const order: Order = {
    id: paypalId(),
    intent,
    // With payment_source.paypal PayPal answers PAYER_ACTION_REQUIRED and a payer-action link.
    status: source ? 'PAYER_ACTION_REQUIRED' : 'CREATED',
    ...(source ? { payment_source: { paypal: {} } } : {}),
    purchase_units: units,
    create_time: now,
    links: [],
  };
  order.links = orderLinks(order, ctx.baseUrl(), ctx.baseUrl());
  ctx.state.orders.set(order.id, order);
  ctx.state.orderMeta.set(order.id, {
    returnUrl: text(experience, 'return_url') ?? text(appContext, 'return_url'),
    cancelUrl: text(experience, 'cancel_url') ?? text(appContext, 'cancel_url'),
  });
  if (vaulted) {
    chargeVaultedWallet(ctx, order, vaulted);
    // Like a capture answer, a charged order's minimal answer still carries the payer and the captures.
    if (order.status === 'COMPLETED') return { status: 201, body: captureBody(order, representation) };
  }
  return { status: 201, body: representation ? order : minimalOrder(order) };
}

/** Capture answer: `return=minimal` still carries payer and captures (what integrations read). */
function captureBody(order: Order, representation: boolean): JsonObject {
  if (representation) return order;
  return {
    id: order.id,
    status: order.status,
    payment_source: order.payment_source ?? null,
    purchase_units: order.purchase_units.map((u) => ({
      reference_id: u.reference_id,
      payments: { captures: (u.payments?.captures ?? []).map(embeddedCapture) },
    })),
    payer: order.payer ?? null,
    links: order.links,
  };
}

export const orderRoutes: Route[] = [
  route('POST', '/v2/checkout/orders', 'orders', create),
  route('GET', '/v2/checkout/orders/:id', 'orders', ({ path }, ctx) => ({ status: 200, body: getOrder(ctx, path.id) })),
  route('POST', '/v2/checkout/orders/:id/capture', 'orders', ({ path, representation }, ctx) => {
    const order = captureOrder(ctx, getOrder(ctx, path.id));
    return { status: 201, body: captureBody(order, representation) };
  }),
];
