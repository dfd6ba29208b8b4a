import { JsonObject, clone } from '../../shared/json';
import { StripeContext } from '../context';
import { StripeError, invalidParam, invalidState } from '../errors';
import { RequestRef } from '../events';
import { PaymentMethod } from '../types';

/** Stripe refuses to change a card that is on no customer (recorded wording, 400, no code). */
export const UPDATE_NEEDS_CUSTOMER = 'You must save this PaymentMethod to a customer before you can update it.';

export function mustBeOnCustomer(pm: PaymentMethod): void {
  if (!pm.customer) throw invalidState(UPDATE_NEEDS_CUSTOMER);
}

/**
 * A card's new expiry, checked as Stripe checks one (`invalid_expiry_month` / `invalid_expiry_year`,
 * naming `card[exp_month]` / `card[exp_year]`); a date already past is refused on the year.
 */
export function checkExpiry(month: number, year: number, now = new Date()): void {
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw invalidParam('card[exp_month]', "Your card's expiration month is invalid.", 'invalid_expiry_month');
  }
  const thisYear = now.getUTCFullYear();
  const past = year < thisYear || (year === thisYear && month < now.getUTCMonth() + 1);
  if (!Number.isInteger(year) || year > thisYear + 50 || past) {
    throw invalidParam('card[exp_year]', "Your card's expiration year is invalid.", 'invalid_expiry_year');
  }
}

/** Sets the expiry; returns what it was (for `previous_attributes`), or null when nothing changed. */
export function setExpiry(pm: PaymentMethod, month: number, year: number): JsonObject | null {
  const previous: JsonObject = {};
  if (pm.card.exp_month !== month) previous.exp_month = pm.card.exp_month;
  if (pm.card.exp_year !== year) previous.exp_year = pm.card.exp_year;
  if (Object.keys(previous).length === 0) return null;
  pm.card.exp_month = month;
  pm.card.exp_year = year;
  return previous;
}

/**
 * The network's card updater gave the bank's new expiry for a saved card (`POST
 * /_sandbox/payment_methods/:id/update_card`): `payment_method.updated`, then
 * `payment_method.automatically_updated`, both with the old expiry in `previous_attributes`.
 */
export function automaticallyUpdate(
  ctx: StripeContext,
  pm: PaymentMethod,
  expiry: { month: number; year: number },
  request: RequestRef,
): PaymentMethod {
  if (!pm.customer) {
    throw new StripeError(400, {
      type: 'invalid_request_error',
      message: `${pm.id} is on no customer; the card updater only updates saved cards.`,
    });
  }
  checkExpiry(expiry.month, expiry.year);
  const previous = setExpiry(pm, expiry.month, expiry.year);
  if (!previous) return pm;
  const attributes = { card: previous };
  ctx.events.emit('payment_method.updated', pm, request, clone(attributes));
  ctx.events.emit('payment_method.automatically_updated', pm, request, clone(attributes));
  return pm;
}
