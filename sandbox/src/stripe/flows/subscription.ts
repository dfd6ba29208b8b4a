import { JsonObject, nowSeconds } from '../../shared/json';
import { subClock } from '../clock';
import { StripeContext } from '../context';
import { StripeErrorBody } from '../errors';
import { RequestRef } from '../events';
import { newSubscription, periodEnd } from '../objects/billing';
import { Customer, Invoice, PaymentMethod, Price, Recurring, Subscription } from '../types';
import { cancelNow } from './cancel';
import { lockCurrency } from './currency-lock';
import { afterAttempt, automaticAttempt } from './dunning';
import { attemptPayment, issueInvoice } from './invoice';

const DAY = 86400;

export interface StartInput {
  customer: Customer;
  items: Array<{ price: Price; quantity: number }>;
  metadata: Record<string, string>;
  /** The card the buyer entered (and, for 3-D Secure cards, authenticated) on the page. */
  pm: PaymentMethod;
  trialPeriodDays?: number;
}

/**
 * Checkout in subscription mode after the card went through: the subscription and its first invoice.
 * Without a trial Stripe creates it incomplete, charges the first invoice on-session, then activates
 * it; with a trial it starts `trialing` with a paid $0 invoice and the card saved for later.
 */
export function startSubscription(ctx: StripeContext, input: StartInput, request: RequestRef): Subscription {
  const { customer, pm } = input;
  const now = nowSeconds();
  const trialEnd = input.trialPeriodDays ? now + input.trialPeriodDays * DAY : undefined;
  const sub = newSubscription({
    customer: customer.id,
    items: input.items.filter((i) => i.price.recurring),
    metadata: input.metadata,
    defaultPaymentMethod: pm.id,
    now,
    trialEnd,
  });
  ctx.state.track(sub);
  ctx.state.subscriptions.set(sub.id, sub);
  lockCurrency(customer, sub.currency);
  ctx.events.emit('customer.subscription.created', sub, request);
  const invoice = issueInvoice(
    ctx,
    sub,
    customer,
    { reason: 'subscription_create', now, period: { start: now, end: now }, trial: trialEnd !== undefined },
    request,
  );
  if (trialEnd !== undefined) return sub;
  attemptPayment(ctx, invoice, pm, { now, authenticated: true, countAttempt: true }, request);
  sub.status = 'active';
  ctx.events.emit('customer.subscription.updated', sub, request, { status: 'incomplete' });
  return sub;
}

/** `DELETE /v1/subscriptions/:id`: canceled now, on the subscription's clock. */
export function cancelSubscription(ctx: StripeContext, sub: Subscription, request: RequestRef): Subscription {
  cancelNow(ctx, sub, subClock(ctx.state, sub), request, 'cancellation_requested');
  return sub;
}

export interface AdvanceResult {
  subscription: Subscription;
  invoice: Invoice | null;
  error: StripeErrorBody | null;
}

/**
 * A period boundary at `now` (a renewal, or the end of a trial): the items move to the next period
 * and a `subscription_cycle` invoice for it is charged to the default card; a failure leaves it open
 * and the subscription past_due. An unpaid subscription's invoices stay drafts and are not attempted.
 */
export function renewCycle(ctx: StripeContext, sub: Subscription, now: number, request: RequestRef): AdvanceResult {
  const customer = ctx.state.customers.get(sub.customer) as Customer;
  const previous: JsonObject = {
    latest_invoice: sub.latest_invoice,
    items: {
      data: sub.items.data.map((i) => ({
        id: i.id,
        current_period_start: i.current_period_start,
        current_period_end: i.current_period_end,
      })),
    },
  };
  // The invoice's own period is the one that just ended; its lines pay for the one that begins.
  const ended = {
    start: Math.min(...sub.items.data.map((i) => i.current_period_start)),
    end: Math.min(...sub.items.data.map((i) => i.current_period_end)),
  };
  for (const item of sub.items.data) {
    item.current_period_start = item.current_period_end;
    item.current_period_end = periodEnd(item.current_period_start, item.price.recurring as Recurring);
  }
  if (sub.status === 'unpaid') {
    const draft = issueInvoice(
      ctx,
      sub,
      customer,
      { reason: 'subscription_cycle', now, period: ended, draft: true },
      request,
    );
    ctx.events.emit('customer.subscription.updated', sub, request, previous);
    return { subscription: sub, invoice: draft, error: null };
  }
  const invoice = issueInvoice(ctx, sub, customer, { reason: 'subscription_cycle', now, period: ended }, request);
  const attempt = automaticAttempt(ctx, sub, invoice, now, request);
  afterAttempt(ctx, sub, invoice, attempt, now, request, previous);
  return { subscription: sub, invoice, error: attempt.error };
}
