import { subClock } from '../clock';
import { invalidParam, resourceMissing } from '../errors';
import { cancelSubscription } from '../flows/subscription';
import { Route, route } from '../router';
import { listOf, mustGet } from './util';

export const billingRoutes: Route[] = [
  route('GET', '/v1/subscriptions', ({ params }, ctx) => {
    const customer = params.str('customer');
    const status = params.str('status');
    const items = [...ctx.state.subscriptions.values()].filter(
      (s) =>
        (!customer || s.customer === customer) &&
        (status === 'all' || (status ? s.status === status : s.status !== 'canceled')),
    );
    return listOf(ctx.state, items, '/v1/subscriptions', params);
  }),
  route('GET', '/v1/subscriptions/:id', ({ path }, ctx) => mustGet(ctx.state.subscriptions, path.id)),
  route('POST', '/v1/subscriptions/:id', ({ path, params, request }, ctx) => {
    const sub = mustGet(ctx.state.subscriptions, path.id);
    const previous: Record<string, unknown> = {};
    const atPeriodEnd = params.bool('cancel_at_period_end');
    if (
      sub.status === 'canceled' &&
      (atPeriodEnd !== undefined || params.has('cancel_at') || params.has('default_payment_method'))
    ) {
      throw invalidParam(
        'cancel_at_period_end',
        'A canceled subscription can only update its cancellation_details and metadata.',
      );
    }
    // `cancel_at` (a time, or '' to clear) is another way to schedule the end; at period end wins if both.
    const cancelAt = params.has('cancel_at') ? (params.int('cancel_at') ?? null) : undefined;
    const periodEnd = Math.min(...sub.items.data.map((i) => i.current_period_end));
    const scheduled = atPeriodEnd !== undefined ? (atPeriodEnd ? periodEnd : null) : cancelAt;
    if (
      scheduled !== undefined &&
      (scheduled !== sub.cancel_at || (atPeriodEnd === true) !== sub.cancel_at_period_end)
    ) {
      Object.assign(previous, {
        cancel_at_period_end: sub.cancel_at_period_end,
        cancel_at: sub.cancel_at,
        canceled_at: sub.canceled_at,
        cancellation_details: sub.cancellation_details,
      });
      sub.cancel_at_period_end = atPeriodEnd === true;
      sub.cancel_at = scheduled;
      sub.canceled_at = scheduled !== null ? subClock(ctx.state, sub) : null;
      sub.cancellation_details = {
        comment: null,
        feedback: null,
        reason: scheduled !== null ? 'cancellation_requested' : null,
      };
    }
    if (params.has('default_payment_method')) {
      const pmId = params.str('default_payment_method') ?? null;
      if (pmId) {
        const pm = ctx.state.paymentMethods.get(pmId);
        if (!pm) throw resourceMissing(pmId, 'default_payment_method');
        if (pm.customer !== sub.customer) {
          throw invalidParam(
            'default_payment_method',
            `The customer does not have a payment method with the ID ${pmId}. The payment method must be attached to the customer.`,
          );
        }
      }
      previous.default_payment_method = sub.default_payment_method;
      sub.default_payment_method = pmId;
    }
    const metadata = params.metadata(sub.metadata);
    if (metadata) {
      previous.metadata = sub.metadata;
      sub.metadata = metadata;
    }
    if (Object.keys(previous).length > 0)
      ctx.events.emit('customer.subscription.updated', sub, request, JSON.parse(JSON.stringify(previous)));
    return sub;
  }),
  route('DELETE', '/v1/subscriptions/:id', ({ path, request }, ctx) => {
    const sub = mustGet(ctx.state.subscriptions, path.id);
    if (sub.status === 'canceled') throw resourceMissing(sub.id);
    return cancelSubscription(ctx, sub, request);
  }),
  route('GET', '/v1/events', ({ params }, ctx) => {
    const type = params.str('type');
    const items = [...ctx.state.events.values()].filter(
      (e) => !type || e.type === type || (type.endsWith('*') && e.type.startsWith(type.slice(0, -1))),
    );
    return listOf(ctx.state, items, '/v1/events', params);
  }),
  route('GET', '/v1/events/:id', ({ path }, ctx) => mustGet(ctx.state.events, path.id)),
];
