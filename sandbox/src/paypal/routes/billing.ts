import { paypalBaToken, paypalPlanId, paypalProductId, paypalSubscriptionId } from '../../shared/ids';
import { JsonObject, clone, isObject } from '../../shared/json';
import { PayPalContext } from '../context';
import { invalidField, invalidRequest, missingField, notFound, unprocessable } from '../errors';
import { parseMoney } from '../money';
import { isoNow, link, subscriptionLinks } from '../objects';
import { Route, route, PPRequest } from '../router';
import { changeStatus, getSubscription } from '../subscriptions';
import { CatalogProduct, Plan, Subscription } from '../types';

function text(o: JsonObject | null, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function createProduct({ body }: PPRequest, ctx: PayPalContext) {
  const name = text(body, 'name');
  if (!name) throw missingField('catalog-products', '/name');
  const type = text(body, 'type') ?? 'PHYSICAL';
  if (!['PHYSICAL', 'DIGITAL', 'SERVICE'].includes(type)) throw invalidField('catalog-products', '/type', type);
  const now = isoNow();
  const id = text(body, 'id') ?? paypalProductId();
  if (ctx.state.products.has(id))
    throw invalidRequest('catalog-products', [
      {
        field: '/id',
        value: id,
        location: 'body',
        issue: 'DUPLICATE_RESOURCE_IDENTIFIER',
        description: 'A resource with the specified identifier already exists.',
      },
    ]);
  const product: CatalogProduct = {
    id,
    name,
    ...(text(body, 'description') ? { description: text(body, 'description') as string } : {}),
    type,
    ...(text(body, 'category') ? { category: text(body, 'category') as string } : {}),
    create_time: now,
    update_time: now,
    links: [
      link(`${ctx.baseUrl()}/v1/catalogs/products/${id}`, 'self'),
      link(`${ctx.baseUrl()}/v1/catalogs/products/${id}`, 'edit', 'PATCH'),
    ],
  };
  ctx.state.products.set(id, product);
  ctx.events.emit('CATALOG.PRODUCT.CREATED', 'product', 'A product is created.', product);
  return { status: 201, body: product };
}

const UNITS = ['DAY', 'WEEK', 'MONTH', 'YEAR'];

function billingCycles(raw: unknown): Plan['billing_cycles'] {
  if (!Array.isArray(raw) || raw.length === 0) throw missingField('subscriptions', '/billing_cycles');
  return raw.map((c, i) => {
    const at = `/billing_cycles/${i}`;
    if (!isObject(c)) throw missingField('subscriptions', at);
    const freq = isObject(c.frequency) ? c.frequency : null;
    if (!freq || typeof freq.interval_unit !== 'string')
      throw missingField('subscriptions', `${at}/frequency/interval_unit`);
    if (!UNITS.includes(freq.interval_unit))
      throw invalidField('subscriptions', `${at}/frequency/interval_unit`, freq.interval_unit);
    const tenure = text(c, 'tenure_type');
    if (!tenure) throw missingField('subscriptions', `${at}/tenure_type`);
    if (tenure !== 'REGULAR' && tenure !== 'TRIAL') throw invalidField('subscriptions', `${at}/tenure_type`, tenure);
    const scheme = isObject(c.pricing_scheme) ? c.pricing_scheme : null;
    const { money } = parseMoney('subscriptions', scheme?.fixed_price, `${at}/pricing_scheme/fixed_price`);
    const now = isoNow();
    return {
      frequency: {
        interval_unit: freq.interval_unit,
        interval_count: typeof freq.interval_count === 'number' ? freq.interval_count : 1,
      },
      tenure_type: tenure,
      sequence: typeof c.sequence === 'number' ? c.sequence : i + 1,
      total_cycles: typeof c.total_cycles === 'number' ? c.total_cycles : 1,
      pricing_scheme: { version: 1, fixed_price: money, create_time: now, update_time: now },
    };
  });
}

function planLinks(ctx: PayPalContext, id: string) {
  const self = `${ctx.baseUrl()}/v1/billing/plans/${id}`;
  return [link(self, 'self'), link(self, 'edit', 'PATCH'), link(`${self}/deactivate`, 'self', 'POST')];
}

function createPlan({ body, representation }: PPRequest, ctx: PayPalContext) {
  const productId = text(body, 'product_id');
  if (!productId) throw missingField('subscriptions', '/product_id');
  if (!ctx.state.products.has(productId))
    throw invalidRequest('subscriptions', [
      {
        field: '/product_id',
        value: productId,
        location: 'body',
        issue: 'INVALID_PARAMETER_VALUE',
        description: 'The specified product does not exist.',
      },
    ]);
  const name = text(body, 'name');
  if (!name) throw missingField('subscriptions', '/name');
  const now = isoNow();
  const prefs = isObject(body?.payment_preferences) ? body.payment_preferences : {};
  const id = paypalPlanId();
  const plan: Plan = {
    id,
    product_id: productId,
    name,
    status: text(body, 'status') ?? 'ACTIVE',
    ...(text(body, 'description') ? { description: text(body, 'description') as string } : {}),
    usage_type: 'LICENSED',
    billing_cycles: billingCycles(body?.billing_cycles),
    payment_preferences: {
      service_type: 'PREPAID',
      auto_bill_outstanding: prefs.auto_bill_outstanding !== false,
      setup_fee_failure_action: text(prefs, 'setup_fee_failure_action') ?? 'CANCEL',
      payment_failure_threshold:
        typeof prefs.payment_failure_threshold === 'number' ? prefs.payment_failure_threshold : 0,
      ...(isObject(prefs.setup_fee) ? { setup_fee: clone(prefs.setup_fee) } : {}),
    },
    ...(isObject(body?.taxes) ? { taxes: clone(body.taxes) } : {}),
    quantity_supported: body?.quantity_supported === true,
    create_time: now,
    update_time: now,
    links: planLinks(ctx, id),
  };
  ctx.state.plans.set(id, plan);
  ctx.events.emit('BILLING.PLAN.CREATED', 'plan', 'A billing plan was created.', plan);
  const minimal = {
    id,
    product_id: productId,
    name,
    status: plan.status,
    ...(plan.description ? { description: plan.description } : {}),
    usage_type: 'LICENSED',
    create_time: now,
    links: plan.links,
  };
  return { status: 201, body: representation ? plan : minimal };
}

function createSubscription({ body, representation }: PPRequest, ctx: PayPalContext) {
  const planId = text(body, 'plan_id');
  if (!planId) throw missingField('subscriptions', '/plan_id');
  const plan = ctx.state.plans.get(planId);
  if (!plan)
    throw invalidRequest('subscriptions', [
      {
        field: '/plan_id',
        value: planId,
        location: 'body',
        issue: 'INVALID_PARAMETER_VALUE',
        description: 'The specified plan does not exist.',
      },
    ]);
  if (plan.status !== 'ACTIVE')
    throw unprocessable(
      'subscriptions',
      'PLAN_STATUS_INVALID',
      'Invalid plan status for subscribe action; plan should be active.',
    );
  const app = isObject(body?.application_context) ? body.application_context : {};
  const now = isoNow();
  const id = paypalSubscriptionId();
  const baToken = paypalBaToken();
  const sub: Subscription = {
    id,
    status: 'APPROVAL_PENDING',
    status_update_time: now,
    plan_id: planId,
    plan_overridden: false,
    start_time: text(body, 'start_time') ?? now,
    quantity: text(body, 'quantity') ?? '1',
    ...(text(body, 'custom_id') ? { custom_id: text(body, 'custom_id') as string } : {}),
    ...(isObject(body?.subscriber) ? { subscriber: clone(body.subscriber) } : {}),
    ...(isObject(body?.shipping_amount) ? { shipping_amount: clone(body.shipping_amount) } : {}),
    create_time: now,
    update_time: now,
    links: [],
  };
  sub.links = subscriptionLinks(sub, ctx.baseUrl(), ctx.baseUrl(), baToken);
  ctx.state.subscriptions.set(id, sub);
  ctx.state.subscriptionMeta.set(id, {
    baToken,
    returnUrl: text(app, 'return_url'),
    cancelUrl: text(app, 'cancel_url'),
    failNext: false,
  });
  ctx.state.baTokens.set(baToken, id);
  ctx.events.emit('BILLING.SUBSCRIPTION.CREATED', 'subscription', 'A billing subscription was created.', sub);
  const minimal = {
    id,
    status: sub.status,
    status_update_time: now,
    plan_id: planId,
    plan_overridden: false,
    start_time: sub.start_time,
    quantity: sub.quantity,
    create_time: now,
    links: sub.links,
  };
  return { status: 201, body: representation ? sub : minimal };
}

function action(name: 'cancel' | 'suspend' | 'activate') {
  return ({ path, body }: PPRequest, ctx: PayPalContext) => {
    const sub = getSubscription(ctx, path.id);
    // PayPal requires a reason to cancel or suspend.
    if (name !== 'activate' && !text(body, 'reason')) throw missingField('subscriptions', '/reason');
    changeStatus(ctx, sub, name);
    return { status: 204 };
  };
}

export const billingRoutes: Route[] = [
  route('POST', '/v1/catalogs/products', 'catalog-products', createProduct),
  route('GET', '/v1/catalogs/products/:id', 'catalog-products', ({ path }, ctx) => {
    const p = ctx.state.products.get(path.id);
    if (!p) throw notFound('catalog-products', 'product_id', path.id);
    return { status: 200, body: p };
  }),
  route('POST', '/v1/billing/plans', 'subscriptions', createPlan),
  route('GET', '/v1/billing/plans/:id', 'subscriptions', ({ path }, ctx) => {
    const p = ctx.state.plans.get(path.id);
    if (!p) throw notFound('subscriptions', 'plan_id', path.id);
    return { status: 200, body: p };
  }),
  route('POST', '/v1/billing/subscriptions', 'subscriptions', createSubscription),
  route('GET', '/v1/billing/subscriptions/:id', 'subscriptions', ({ path }, ctx) => ({
    status: 200,
    body: getSubscription(ctx, path.id),
  })),
  route('POST', '/v1/billing/subscriptions/:id/cancel', 'subscriptions', action('cancel')),
  route('POST', '/v1/billing/subscriptions/:id/suspend', 'subscriptions', action('suspend')),
  route('POST', '/v1/billing/subscriptions/:id/activate', 'subscriptions', action('activate')),
];
