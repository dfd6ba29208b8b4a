import { invalidState, resourceMissing } from '../errors';
import { detachPaymentMethod } from '../flows/detach';
import { REATTACH_REFUSED } from '../flows/saved-methods';
import { Params } from '../params';
import { Route, route } from '../router';
import { AllowRedisplay, PaymentMethod } from '../types';
import { listOf, mustGet, mustRef } from './util';

const REDISPLAY: readonly AllowRedisplay[] = ['always', 'limited', 'unspecified'];

/** The list filters Stripe takes for a customer's methods: `type`, `allow_redisplay`. */
function matches(pm: PaymentMethod, params: Params): boolean {
  const type = params.str('type');
  const redisplay = params.enum('allow_redisplay', REDISPLAY);
  return (!type || pm.type === type) && (!redisplay || pm.allow_redisplay === redisplay);
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
