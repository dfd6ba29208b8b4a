import { paypalPayerId } from '../shared/ids';
import { JsonObject } from '../shared/json';
import { PayPalContext } from './context';
import { addInterval, newExecutions, nextCycle, subClock } from './cycles';
import { notFound, unprocessable } from './errors';
import { money } from './money';
import { isoNow, regularPrice } from './objects';
import { billCycle } from './subscription-billing';
import { setStatus } from './subscription-status';
import { Plan, Subscription } from './types';

export function getSubscription(ctx: PayPalContext, id: string): Subscription {
  const sub = ctx.state.subscriptions.get(id);
  if (!sub) throw notFound('subscriptions', 'subscription_id', id);
  return sub;
}

/** The buyer approves on PayPal: the subscription activates and its first cycle runs (a sale unless a free trial). */
export function approveSubscription(ctx: PayPalContext, sub: Subscription): Subscription {
  if (sub.status !== 'APPROVAL_PENDING')
    throw unprocessable(
      'subscriptions',
      'SUBSCRIPTION_STATUS_INVALID',
      `Subscription is ${sub.status}, not APPROVAL_PENDING.`,
    );
  const plan = ctx.state.plans.get(sub.plan_id) as Plan;
  const subscriber = (
    typeof sub.subscriber === 'object' && sub.subscriber !== null && !Array.isArray(sub.subscriber)
      ? sub.subscriber
      : {}
  ) as JsonObject;
  sub.subscriber = {
    name: subscriber.name ?? { given_name: 'John', surname: 'Doe' },
    email_address: subscriber.email_address ?? 'buyer@lms-sandbox.example',
    payer_id: paypalPayerId(),
    ...(subscriber.shipping_address ? { shipping_address: subscriber.shipping_address } : {}),
  };
  const now = isoNow();
  sub.billing_info = {
    outstanding_balance: money(0, regularPrice(plan).currency_code),
    cycle_executions: newExecutions(plan),
    next_billing_time: now,
    failed_payments_count: 0,
  };
  // PayPal schedules the cycle after the first at activation: ACTIVATED already names it (a trial's end).
  const first = nextCycle(plan, sub);
  const scheduled = first ? addInterval(now, first.cycle) : now;
  setStatus(ctx, sub, 'ACTIVE', now);
  sub.billing_info.next_billing_time = scheduled;
  ctx.events.emit('BILLING.SUBSCRIPTION.ACTIVATED', 'subscription', 'A billing agreement was activated.', sub);
  // The first cycle runs at activation: a sale, or nothing for a free trial (next_billing_time = its end).
  sub.billing_info.next_billing_time = now;
  billCycle(ctx, sub, now);
  return sub;
}

const ALLOWED: Record<'cancel' | 'suspend' | 'activate', Array<Subscription['status']>> = {
  cancel: ['ACTIVE', 'SUSPENDED', 'APPROVED'],
  suspend: ['ACTIVE'],
  activate: ['SUSPENDED', 'APPROVED'],
};

/** `POST …/cancel|suspend|activate` (204) with PayPal's SUBSCRIPTION_STATUS_INVALID otherwise. */
export function changeStatus(ctx: PayPalContext, sub: Subscription, action: 'cancel' | 'suspend' | 'activate'): void {
  if (!ALLOWED[action].includes(sub.status)) {
    const want = ALLOWED[action]
      .filter((s) => s !== 'APPROVED')
      .map((s) => s.toLowerCase())
      .join(' or ');
    throw unprocessable(
      'subscriptions',
      'SUBSCRIPTION_STATUS_INVALID',
      `Invalid subscription status for ${action} action; subscription status should be ${want}.`,
    );
  }
  if (action === 'cancel') {
    setStatus(ctx, sub, 'CANCELLED', subClock(ctx.state, sub));
    ctx.events.emit('BILLING.SUBSCRIPTION.CANCELLED', 'subscription', 'A billing subscription was cancelled.', sub);
  } else if (action === 'suspend') {
    setStatus(ctx, sub, 'SUSPENDED', subClock(ctx.state, sub));
    ctx.events.emit('BILLING.SUBSCRIPTION.SUSPENDED', 'subscription', 'A billing agreement was suspended.', sub);
  } else {
    setStatus(ctx, sub, 'ACTIVE', subClock(ctx.state, sub));
    ctx.events.emit('BILLING.SUBSCRIPTION.ACTIVATED', 'subscription', 'A billing agreement was activated.', sub);
  }
}
