import { JsonObject } from '../../shared/json';
import { StripeContext } from '../context';
import { RequestRef } from '../events';
import { BillingSettings } from '../state';
import { Customer, Invoice, Subscription } from '../types';
import { cancelNow } from './cancel';
import { Attempt, attemptPayment, defaultPaymentMethod } from './invoice';

const DAY = 86400;

/**
 * Days between automatic attempts: Stripe's classic custom schedule (3, 5, then 7 days after the
 * previous attempt). Smart Retries picks its own times; the sandbox uses fixed ones. [unverified]
 */
const RETRY_DAYS = [3, 5, 7];

/** When the next automatic attempt is due after attempt number `attemptCount` failed; null after the last one. */
export function nextRetryAt(settings: BillingSettings, attemptCount: number, now: number): number | null {
  if (attemptCount >= settings.attempts) return null;
  return now + RETRY_DAYS[Math.min(attemptCount - 1, RETRY_DAYS.length - 1)] * DAY;
}

/** Whether an invoice's retries are used up (its last automatic attempt failed). */
export function retriesExhausted(settings: BillingSettings, invoice: Invoice): boolean {
  return invoice.attempt_count >= settings.attempts;
}

/**
 * An automatic attempt (the renewal's first one, or a retry) with the subscription's default card;
 * `fail_next_payment` forces a decline. A failure schedules the next retry, or none after the last.
 */
export function automaticAttempt(
  ctx: StripeContext,
  sub: Subscription,
  invoice: Invoice,
  now: number,
  request: RequestRef,
): Attempt {
  const customer = ctx.state.customers.get(sub.customer) as Customer;
  return attemptPayment(
    ctx,
    invoice,
    defaultPaymentMethod(ctx, sub, customer),
    {
      now,
      forceFail: ctx.state.failNextPayment.delete(sub.id),
      countAttempt: true,
      nextAttemptOnFailure: nextRetryAt(ctx.state.billingSettings, invoice.attempt_count + 1, now),
    },
    request,
  );
}

/**
 * The subscription after an automatic attempt: active when paid, past_due while retries remain,
 * then the dunning end state. `previous` holds what already changed (periods, latest_invoice) for
 * the `customer.subscription.updated` event.
 */
export function afterAttempt(
  ctx: StripeContext,
  sub: Subscription,
  invoice: Invoice,
  attempt: Attempt,
  now: number,
  request: RequestRef,
  previous: JsonObject = {},
): void {
  const old = sub.status;
  sub.status = attempt.outcome === 'paid' ? 'active' : 'past_due';
  if (old !== sub.status) previous.status = old;
  if (Object.keys(previous).length > 0) ctx.events.emit('customer.subscription.updated', sub, request, previous);
  if (attempt.outcome !== 'paid' && retriesExhausted(ctx.state.billingSettings, invoice))
    endDunning(ctx, sub, invoice, now, request);
}

/**
 * The last retry failed: the account's "Manage failed payments" settings decide. The invoice is left
 * open (past due) or marked uncollectible; the subscription is canceled (which also stops automatic
 * collection of the open invoice, as any cancellation does) or marked unpaid.
 */
export function endDunning(
  ctx: StripeContext,
  sub: Subscription,
  invoice: Invoice,
  now: number,
  request: RequestRef,
): void {
  const settings = ctx.state.billingSettings;
  invoice.next_payment_attempt = null;
  if (settings.invoiceEndState === 'uncollectible') {
    invoice.status = 'uncollectible';
    invoice.auto_advance = false;
    invoice.status_transitions.marked_uncollectible_at = now;
    invoice.status_details = { uncollectible: { reason: 'max_payment_attempts' } };
    ctx.events.emit('invoice.marked_uncollectible', invoice, request, { status: 'open', auto_advance: true });
  }
  if (settings.dunningEndState === 'unpaid') {
    const previous = sub.status;
    sub.status = 'unpaid';
    ctx.events.emit('customer.subscription.updated', sub, request, { status: previous });
    return;
  }
  cancelNow(ctx, sub, now, request, 'payment_failed');
}

/** Validates `POST /_sandbox/billing/settings`; returns the message of what is wrong, or the new settings. */
export function parseBillingSettings(
  current: BillingSettings,
  body: Record<string, unknown>,
): BillingSettings | string {
  const next = { ...current };
  const unknown = Object.keys(body).find((k) => !['dunningEndState', 'attempts', 'invoiceEndState'].includes(k));
  if (unknown) return `unknown setting ${unknown}; settings are dunningEndState, attempts, invoiceEndState`;
  if (body.dunningEndState !== undefined) {
    if (body.dunningEndState !== 'canceled' && body.dunningEndState !== 'unpaid')
      return 'dunningEndState must be "canceled" or "unpaid"';
    next.dunningEndState = body.dunningEndState;
  }
  if (body.invoiceEndState !== undefined) {
    if (body.invoiceEndState !== 'open' && body.invoiceEndState !== 'uncollectible')
      return 'invoiceEndState must be "open" or "uncollectible"';
    next.invoiceEndState = body.invoiceEndState;
  }
  if (body.attempts !== undefined) {
    const n = body.attempts;
    // Stripe's dashboard offers up to 8 attempts.
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 8)
      return 'attempts must be an integer from 1 to 8';
    next.attempts = n;
  }
  return next;
}
