import { PayPalContext } from './context';
import { billingInfo, nextCycle, subClock } from './cycles';
import { toMinor } from './money';
import { billCycle, expire, retryOutstanding } from './subscription-billing';
import { Plan, Sale, Subscription } from './types';

export interface AdvanceResult {
  subscription: Subscription;
  sale: Sale | null;
}

/**
 * `POST /_sandbox/subscriptions/:id/advance`: the subscription's clock moves to what PayPal does
 * next: the retry of an outstanding balance when it is due before the next billing time, else the
 * next cycle at `next_billing_time`, or, when every cycle has run, the expiry. Only ACTIVE
 * subscriptions bill; any other is answered unchanged.
 */
export function advanceSubscription(ctx: PayPalContext, sub: Subscription): AdvanceResult {
  if (sub.status !== 'ACTIVE') return { subscription: sub, sale: null };
  const info = billingInfo(sub);
  const plan = ctx.state.plans.get(sub.plan_id) as Plan;
  const nextBilling = info.next_billing_time ?? subClock(ctx.state, sub);
  const last = info.last_failed_payment as { next_payment_retry_date?: string } | undefined;
  const retryAt = toMinor(info.outstanding_balance) > 0 ? last?.next_payment_retry_date : undefined;
  const hasCycle = nextCycle(plan, sub) !== undefined;
  if (retryAt && (!hasCycle || retryAt < nextBilling)) {
    ctx.state.clocks.set(sub.id, retryAt);
    return { subscription: sub, sale: retryOutstanding(ctx, sub, retryAt) };
  }
  ctx.state.clocks.set(sub.id, nextBilling);
  if (!hasCycle) {
    expire(ctx, sub, nextBilling);
    return { subscription: sub, sale: null };
  }
  return { subscription: sub, sale: billCycle(ctx, sub, nextBilling) };
}
