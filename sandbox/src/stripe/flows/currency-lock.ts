import { StripeContext } from '../context';
import { invalidRequest } from '../errors';
import { Customer } from '../types';

/** Subscriptions that still bill (and so hold the customer's currency). */
const ENDED = new Set(['canceled', 'incomplete_expired']);

/**
 * The currency another of the customer's live billing objects is in, if it differs: a subscription
 * that has not ended, or an open subscription-mode Checkout Session (which holds the currency while
 * it lives, per Stripe's message).
 */
function conflictingCurrency(ctx: StripeContext, customer: Customer, currency: string): string | null {
  for (const sub of ctx.state.subscriptions.values())
    if (sub.customer === customer.id && !ENDED.has(sub.status) && sub.currency !== currency) return sub.currency;
  for (const s of ctx.state.sessions.values())
    if (
      s.customer === customer.id &&
      s.mode === 'subscription' &&
      s.status === 'open' &&
      s.currency &&
      s.currency !== currency
    )
      return s.currency;
  return null;
}

/**
 * Stripe bills a customer in one currency: a subscription-mode Checkout Session in another currency
 * is refused when it is created, with this message (recorded from Stripe; no `code`, no `param`).
 */
export function checkCurrencyLock(ctx: StripeContext, customer: Customer, currency: string): void {
  const other = conflictingCurrency(ctx, customer, currency);
  if (!other) return;
  throw invalidRequest(
    `You cannot combine currencies on a single customer. This customer has an active subscription, subscription schedule, discount, quote, invoice item or active subscription mode checkout session with currency ${other}.`,
  );
}

/** A customer's `currency` is set by its first subscription (and follows a later one once the old ones ended). */
export function lockCurrency(customer: Customer, currency: string): void {
  customer.currency = currency;
}
