import { JsonObject, clone } from '../../shared/json';
import { StripeContext } from '../context';
import { invalidState, resourceMissing } from '../errors';
import { RequestRef } from '../events';
import { detachPaymentMethod } from '../flows/detach';
import { REATTACH_REFUSED } from '../flows/saved-methods';
import { checkExpiry, mustBeOnCustomer, setExpiry } from '../flows/update-card';
import { Params } from '../params';
import { Route, route } from '../router';
import { AllowRedisplay, PaymentMethod } from '../types';
import { listOf, mustGet, mustRef } from './util';

const REDISPLAY: readonly AllowRedisplay[] = ['always', 'limited', 'unspecified'];
const ADDRESS_PARTS = ['city', 'country', 'line1', 'line2', 'postal_code', 'state'] as const;
const BILLING_FIELDS = ['email', 'name', 'phone'] as const;

/** The list filters Stripe takes for a customer's methods: `type`, `allow_redisplay`. */
function matches(pm: PaymentMethod, params: Params): boolean {
  const type = params.str('type');
  const redisplay = params.enum('allow_redisplay', REDISPLAY);
  return (!type || pm.type === type) && (!redisplay || pm.allow_redisplay === redisplay);
}

/** `billing_details[...]`: the parts given replace those parts (`address=` empties it); returns the old values. */
function updateBilling(pm: PaymentMethod, params: Params): JsonObject | null {
  const b = params.obj('billing_details')?.only(['address', 'email', 'name', 'phone', 'tax_id']);
  if (!b) return null;
  const before = clone(pm.billing_details);
  for (const field of BILLING_FIELDS) if (b.has(field)) pm.billing_details[field] = b.str(field) ?? null;
  if (b.has('address')) {
    const a = b.obj('address')?.only(ADDRESS_PARTS);
    const address: JsonObject = a ? { ...pm.billing_details.address } : {};
    for (const part of ADDRESS_PARTS) if (!a || a.has(part)) address[part] = a?.str(part) ?? null;
    pm.billing_details.address = address;
  }
  return JSON.stringify(before) === JSON.stringify(pm.billing_details) ? null : before;
}

/** `card[exp_month]`, `card[exp_year]`: the expiry a cardholder (or their bank) gave us; returns the old one. */
function updateCard(pm: PaymentMethod, params: Params): JsonObject | null {
  const c = params.obj('card')?.only(['exp_month', 'exp_year', 'networks']);
  if (!c) return null;
  const month = c.int('exp_month') ?? pm.card.exp_month;
  const year = c.int('exp_year') ?? pm.card.exp_year;
  checkExpiry(month, year);
  return setExpiry(pm, month, year);
}

/**
 * `POST /v1/payment_methods/:id`: `billing_details`, `card[exp_month|exp_year]`, `metadata`,
 * `allow_redisplay`, on a card that is on a customer. `payment_method.updated` carries what
 * changed in `previous_attributes`; nothing changed, no event.
 */
function update(ctx: StripeContext, pm: PaymentMethod, params: Params, request: RequestRef): PaymentMethod {
  mustBeOnCustomer(pm);
  const previous: JsonObject = {};
  const card = updateCard(pm, params);
  if (card) previous.card = card;
  const billing = updateBilling(pm, params);
  if (billing) previous.billing_details = billing;
  const metadata = params.metadata(pm.metadata);
  if (metadata && JSON.stringify(metadata) !== JSON.stringify(pm.metadata)) {
    previous.metadata = { ...pm.metadata };
    pm.metadata = metadata;
  }
  const redisplay = params.enum('allow_redisplay', REDISPLAY);
  if (redisplay && redisplay !== pm.allow_redisplay) {
    previous.allow_redisplay = pm.allow_redisplay;
    pm.allow_redisplay = redisplay;
  }
  if (Object.keys(previous).length > 0) ctx.events.emit('payment_method.updated', pm, request, previous);
  return pm;
}

export const paymentMethodRoutes: Route[] = [
  route('GET', '/v1/payment_methods', ({ params }, ctx) => {
    const customer = params.str('customer');
    if (customer) mustRef(ctx.state.customers, customer, 'customer');
    const items = [...ctx.state.paymentMethods.values()].filter(
      (pm) => (!customer || pm.customer === customer) && matches(pm, params),
    );
    return listOf(ctx.state, items, '/v1/payment_methods', params);
  }),
  route('GET', '/v1/payment_methods/:id', ({ path }, ctx) => mustGet(ctx.state.paymentMethods, path.id)),
  route('POST', '/v1/payment_methods/:id', ({ path, params, request }, ctx) =>
    update(ctx, mustGet(ctx.state.paymentMethods, path.id), params, request),
  ),
  route('POST', '/v1/payment_methods/:id/attach', ({ path, params, request }, ctx) => {
    const pm = mustGet(ctx.state.paymentMethods, path.id);
    const customer = mustRef(ctx.state.customers, params.str('customer', true) as string, 'customer');
    // Detached, or used for a payment while on no customer: Stripe kept nothing reusable.
    if (ctx.state.consumedPaymentMethods.has(pm.id)) throw invalidState(REATTACH_REFUSED);
    if (pm.customer && pm.customer !== customer.id) {
      throw invalidState(
        'The payment method you provided has already been attached to a customer.',
        'payment_method_unexpected_state',
      );
    }
    pm.customer = customer.id;
    ctx.events.emit('payment_method.attached', pm, request);
    return pm;
  }),
  route('POST', '/v1/payment_methods/:id/detach', ({ path, request }, ctx) => {
    const pm = mustGet(ctx.state.paymentMethods, path.id);
    if (!pm.customer) {
      throw invalidState(
        'The payment method you provided is not attached to a customer so detachment is impossible.',
        'payment_method_unexpected_state',
      );
    }
    return detachPaymentMethod(ctx, pm, request);
  }),
  route('GET', '/v1/customers/:id/payment_methods', ({ path, params }, ctx) => {
    if (mustGet(ctx.state.customers, path.id).deleted) throw resourceMissing(path.id);
    const items = [...ctx.state.paymentMethods.values()].filter((pm) => pm.customer === path.id && matches(pm, params));
    return listOf(ctx.state, items, `/v1/customers/${path.id}/payment_methods`, params);
  }),
  route('GET', '/v1/setup_intents/:id', ({ path }, ctx) => mustGet(ctx.state.setupIntents, path.id)),
];
