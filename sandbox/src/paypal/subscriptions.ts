import { paypalPayerId } from '../shared/ids';
import { JsonObject } from '../shared/json';
import { PayPalContext } from './context';
import { notFound, unprocessable } from './errors';
import { money, toMinor } from './money';
import { isoNow, newSale, regularPrice, subscriptionLinks } from './objects';
import { Money, Plan, Subscription } from './types';

export function getSubscription(ctx: PayPalContext, id: string): Subscription {
  const sub = ctx.state.subscriptions.get(id);
  if (!sub) throw notFound('subscriptions', 'subscription_id', id);
  return sub;
}

function planOf(ctx: PayPalContext, sub: Subscription): Plan {
  return ctx.state.plans.get(sub.plan_id) as Plan;
}

function addInterval(iso: string, plan: Plan): string {
  const cycle = plan.billing_cycles.find((c) => c.tenure_type === 'REGULAR') ?? plan.billing_cycles[0];
  const d = new Date(iso);
  const n = cycle.frequency.interval_count;
  switch (cycle.frequency.interval_unit) {
    case 'DAY':
      d.setUTCDate(d.getUTCDate() + n);
      break;
    case 'WEEK':
      d.setUTCDate(d.getUTCDate() + 7 * n);
      break;
    case 'YEAR':
      d.setUTCFullYear(d.getUTCFullYear() + n);
      break;
    default:
      d.setUTCMonth(d.getUTCMonth() + n);
  }
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Status change with its timestamp and the links that go with the new status. */
export function setStatus(ctx: PayPalContext, sub: Subscription, status: Subscription['status']): void {
  sub.status = status;
  sub.status_update_time = isoNow();
  sub.update_time = sub.status_update_time;
  const baToken = ctx.state.subscriptionMeta.get(sub.id)?.baToken ?? '';
  sub.links = subscriptionLinks(sub, ctx.baseUrl(), ctx.baseUrl(), baToken);
}

function billingInfo(sub: Subscription): JsonObject & {
  cycle_executions: Array<JsonObject & { cycles_completed: number; tenure_type: string }>;
  failed_payments_count: number;
} {
  return sub.billing_info as JsonObject & {
    cycle_executions: Array<JsonObject & { cycles_completed: number; tenure_type: string }>;
    failed_payments_count: number;
  };
}

/** A successful cycle payment: `PAYMENT.SALE.COMPLETED` carrying `billing_agreement_id`. */
function chargeCycle(ctx: PayPalContext, sub: Subscription, plan: Plan): void {
  const price = regularPrice(plan);
  const quantity = Number(sub.quantity ?? '1') || 1;
  const amount = money(toMinor(price) * quantity, price.currency_code);
  const sale = newSale(sub, amount, ctx.baseUrl());
  ctx.state.sales.set(String(sale.id), sale);
  const info = billingInfo(sub);
  info.last_payment = { amount, time: isoNow() };
  const regular = info.cycle_executions.find((c) => c.tenure_type === 'REGULAR') ?? info.cycle_executions[0];
  if (regular) {
    regular.cycles_completed += 1;
    if (typeof regular.total_cycles === 'number' && regular.total_cycles > 0)
      regular.cycles_remaining = Math.max(0, regular.total_cycles - regular.cycles_completed);
  }
  info.next_billing_time = addInterval(String(info.next_billing_time ?? isoNow()), plan);
  ctx.events.emit(
    'PAYMENT.SALE.COMPLETED',
    'sale',
    `Payment completed for ${amount.value} ${amount.currency_code}`,
    sale,
  );
}

/** The buyer approves on PayPal: the subscription activates and the first cycle is paid. */
export function approveSubscription(ctx: PayPalContext, sub: Subscription): Subscription {
  if (sub.status !== 'APPROVAL_PENDING')
    throw unprocessable(
      'subscriptions',
      'SUBSCRIPTION_STATUS_INVALID',
      `Subscription is ${sub.status}, not APPROVAL_PENDING.`,
    );
  const plan = planOf(ctx, sub);
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
  const price = regularPrice(plan);
  sub.billing_info = {
    outstanding_balance: money(0, price.currency_code),
    cycle_executions: plan.billing_cycles.map((c) => ({
      tenure_type: c.tenure_type,
      sequence: c.sequence,
      cycles_completed: 0,
      cycles_remaining: c.total_cycles,
      current_pricing_scheme_version: 1,
      total_cycles: c.total_cycles,
    })),
    next_billing_time: isoNow(),
    failed_payments_count: 0,
  };
  setStatus(ctx, sub, 'ACTIVE');
  chargeCycle(ctx, sub, plan);
  ctx.events.emit('BILLING.SUBSCRIPTION.ACTIVATED', 'subscription', 'A billing agreement was activated.', sub);
  return sub;
}

/** One billing cycle passes: a sale, or (after fail_next_payment) `BILLING.SUBSCRIPTION.PAYMENT.FAILED`. */
export function renewSubscription(ctx: PayPalContext, sub: Subscription): Subscription {
  if (sub.status !== 'ACTIVE')
    throw unprocessable('subscriptions', 'SUBSCRIPTION_STATUS_INVALID', `Subscription is ${sub.status}, not ACTIVE.`);
  const plan = planOf(ctx, sub);
  const meta = ctx.state.subscriptionMeta.get(sub.id);
  if (!meta?.failNext) {
    chargeCycle(ctx, sub, plan);
    sub.update_time = isoNow();
    return sub;
  }
  meta.failNext = false;
  const info = billingInfo(sub);
  const price = regularPrice(plan);
  const due = money(toMinor(price) * (Number(sub.quantity ?? '1') || 1), price.currency_code);
  info.failed_payments_count += 1;
  info.outstanding_balance = money(toMinor(info.outstanding_balance as Money) + toMinor(due), price.currency_code);
  const retry = new Date(Date.now() + 5 * 86400 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  info.last_failed_payment = {
    amount: due,
    time: isoNow(),
    reason_code: 'PAYMENT_DENIED',
    next_payment_retry_date: retry,
  };
  sub.update_time = isoNow();
  ctx.events.emit('BILLING.SUBSCRIPTION.PAYMENT.FAILED', 'subscription', 'Subscription payment failed', sub);
  const threshold = Number(plan.payment_preferences.payment_failure_threshold ?? 0);
  if (threshold > 0 && info.failed_payments_count >= threshold) {
    setStatus(ctx, sub, 'SUSPENDED');
    ctx.events.emit('BILLING.SUBSCRIPTION.SUSPENDED', 'subscription', 'A billing agreement was suspended.', sub);
  }
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
    setStatus(ctx, sub, 'CANCELLED');
    ctx.events.emit('BILLING.SUBSCRIPTION.CANCELLED', 'subscription', 'A billing subscription was cancelled.', sub);
  } else if (action === 'suspend') {
    setStatus(ctx, sub, 'SUSPENDED');
    ctx.events.emit('BILLING.SUBSCRIPTION.SUSPENDED', 'subscription', 'A billing agreement was suspended.', sub);
  } else {
    setStatus(ctx, sub, 'ACTIVE');
    ctx.events.emit('BILLING.SUBSCRIPTION.ACTIVATED', 'subscription', 'A billing agreement was activated.', sub);
  }
}
