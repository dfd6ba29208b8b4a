import { subClock } from '../clock';
import { StripeContext } from '../context';
import { RequestRef } from '../events';
import { Invoice, Subscription } from '../types';
import { cancelNow } from './cancel';
import { afterAttempt, automaticAttempt } from './dunning';
import { AdvanceResult, renewCycle } from './subscription';

type Boundary = { at: number; kind: 'cancel' | 'retry' | 'cycle' };

/** The invoice whose retry is scheduled (past_due: open, automatic collection on, a next attempt). */
function retrying(ctx: StripeContext, sub: Subscription): Invoice | undefined {
  const invoice = sub.latest_invoice ? ctx.state.invoices.get(sub.latest_invoice) : undefined;
  return sub.status === 'past_due' && invoice?.status === 'open' && invoice.next_payment_attempt !== null
    ? invoice
    : undefined;
}

/**
 * The subscription's next boundary: the end of the current period (the trial's end while trialing),
 * `cancel_at` when that comes first (or at the same time: the subscription ends rather than renews),
 * or the next retry of its open invoice.
 */
function nextBoundary(ctx: StripeContext, sub: Subscription): Boundary {
  const periodEnd = Math.min(...sub.items.data.map((i) => i.current_period_end));
  const candidates: Boundary[] = [{ at: periodEnd, kind: 'cycle' }];
  const retry = retrying(ctx, sub);
  if (retry) candidates.push({ at: retry.next_payment_attempt as number, kind: 'retry' });
  if (sub.cancel_at !== null) candidates.push({ at: sub.cancel_at, kind: 'cancel' });
  const order = { cancel: 0, retry: 1, cycle: 2 };
  candidates.sort((a, b) => a.at - b.at || order[a.kind] - order[b.kind]);
  return candidates[0];
}

/**
 * `POST /_sandbox/subscriptions/:id/advance`: what a Stripe test clock does when moved to the
 * subscription's next boundary. Its clock stays there; the next call goes on from it.
 */
export function advanceSubscription(ctx: StripeContext, sub: Subscription, request: RequestRef): AdvanceResult {
  const boundary = nextBoundary(ctx, sub);
  const at = Math.max(boundary.at, subClock(ctx.state, sub));
  ctx.state.clocks.set(sub.id, at);
  if (boundary.kind === 'cancel') {
    cancelNow(ctx, sub, at, request, 'cancellation_requested');
    return { subscription: sub, invoice: null, error: null };
  }
  if (boundary.kind === 'retry') {
    const invoice = retrying(ctx, sub) as Invoice;
    const attempt = automaticAttempt(ctx, sub, invoice, at, request);
    afterAttempt(ctx, sub, invoice, attempt, at, request);
    return { subscription: sub, invoice, error: attempt.error };
  }
  return renewCycle(ctx, sub, at, request);
}
