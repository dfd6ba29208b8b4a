import { PayPalContext } from './context';
import { addDays, addInterval, billingInfo, completeCycle, nextCycle } from './cycles';
import { money, toMinor } from './money';
import { recordSale } from './sales';
import { setStatus } from './subscription-status';
import { Money, Plan, Sale, Subscription } from './types';

/** Days until PayPal retries a failed payment. [unverified] */
const RETRY_DAYS = 5;

function planOf(ctx: PayPalContext, sub: Subscription): Plan {
  return ctx.state.plans.get(sub.plan_id) as Plan;
}

/** How the next payment attempt goes (`fail_next_payment` is used up by it). */
function takeFailure(ctx: PayPalContext, sub: Subscription): false | 'failed' | 'denied' {
  const meta = ctx.state.subscriptionMeta.get(sub.id);
  const failure = meta?.failNext ?? false;
  if (meta) meta.failNext = false;
  return failure;
}

/**
 * A payment attempt failed: the amount is outstanding, `failed_payments_count` + 1, a retry is
 * scheduled, `BILLING.SUBSCRIPTION.PAYMENT.FAILED` (after `PAYMENT.SALE.DENIED` for a denied sale),
 * and at the plan's `payment_failure_threshold` the subscription is suspended.
 */
function paymentFailed(
  ctx: PayPalContext,
  sub: Subscription,
  due: Money,
  at: string,
  how: 'failed' | 'denied',
  addToBalance: boolean,
): Sale | null {
  const info = billingInfo(sub);
  const sale = how === 'denied' ? recordSale(ctx, sub, due, 'denied', at) : null;
  info.failed_payments_count += 1;
  if (addToBalance)
    info.outstanding_balance = money(toMinor(info.outstanding_balance) + toMinor(due), due.currency_code);
  info.last_failed_payment = {
    amount: due,
    time: at,
    reason_code: 'PAYMENT_DENIED',
    next_payment_retry_date: addDays(at, RETRY_DAYS),
  };
  sub.update_time = at;
  ctx.events.emit('BILLING.SUBSCRIPTION.PAYMENT.FAILED', 'subscription', 'Subscription payment failed', sub);
  const threshold = Number(planOf(ctx, sub).payment_preferences.payment_failure_threshold ?? 0);
  if (threshold > 0 && info.failed_payments_count >= threshold) {
    setStatus(ctx, sub, 'SUSPENDED', at);
    ctx.events.emit('BILLING.SUBSCRIPTION.SUSPENDED', 'subscription', 'A billing agreement was suspended.', sub);
  }
  return sale;
}

function paid(ctx: PayPalContext, sub: Subscription, amount: Money, at: string): Sale {
  const info = billingInfo(sub);
  info.last_payment = { amount, time: at };
  info.failed_payments_count = 0;
  sub.update_time = at;
  return recordSale(ctx, sub, amount, 'completed', at);
}

/**
 * The next billing cycle runs at `at` (TRIAL cycles first): it counts in `cycle_executions`, moves
 * `next_billing_time` one period on, and bills its price × quantity. A free (0-priced) trial cycle
 * bills nothing.
 */
export function billCycle(ctx: PayPalContext, sub: Subscription, at: string): Sale | null {
  const next = nextCycle(planOf(ctx, sub), sub);
  if (!next) return null;
  const info = billingInfo(sub);
  completeCycle(next.execution);
  info.next_billing_time = addInterval(at, next.cycle);
  sub.update_time = at;
  const price = next.cycle.pricing_scheme.fixed_price;
  const due = money(toMinor(price) * (Number(sub.quantity ?? '1') || 1), price.currency_code);
  if (toMinor(due) === 0) return null;
  const failure = takeFailure(ctx, sub);
  return failure ? paymentFailed(ctx, sub, due, at, failure, true) : paid(ctx, sub, due, at);
}

/** PayPal retries the outstanding balance: paid, it is cleared; failed, it stays and counts as another failure. */
export function retryOutstanding(ctx: PayPalContext, sub: Subscription, at: string): Sale | null {
  const info = billingInfo(sub);
  const due = info.outstanding_balance;
  const failure = takeFailure(ctx, sub);
  if (failure) return paymentFailed(ctx, sub, due, at, failure, false);
  info.outstanding_balance = money(0, due.currency_code);
  return paid(ctx, sub, due, at);
}

/** Every cycle has run: `EXPIRED` and `BILLING.SUBSCRIPTION.EXPIRED`. */
export function expire(ctx: PayPalContext, sub: Subscription, at: string): void {
  delete billingInfo(sub).next_billing_time;
  setStatus(ctx, sub, 'EXPIRED', at);
  ctx.events.emit('BILLING.SUBSCRIPTION.EXPIRED', 'subscription', 'A billing agreement has expired.', sub);
}
