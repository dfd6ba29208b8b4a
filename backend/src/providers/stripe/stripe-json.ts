import type { PostalAddress } from '../../domain/events/domain-event';
import { fromStripeAmount, type Money } from '../../domain/money';
import { postalAddress } from '../buyer-details';
import { num, obj, str } from '../json-reading';

/** Readers for the shapes every Stripe object shares, used by the event mappers. */

/** An expandable field: "pi_123" or {id: "pi_123", ...}. */
export function idOf(value: unknown): string | undefined {
  return str(value) ?? str(obj(value)?.id);
}

/** A Stripe integer amount and lower-case currency as Money, or undefined when either is missing. */
export function amountOf(amount: unknown, currency: unknown): Money | undefined {
  const a = num(amount);
  const c = str(currency);
  return a === undefined || c === undefined ? undefined : fromStripeAmount(a, c);
}

/** A Stripe timestamp (unix seconds) as a Date. */
export function stripeTime(value: unknown): Date | undefined {
  const seconds = num(value);
  return seconds === undefined ? undefined : new Date(seconds * 1000);
}

/** A Stripe address object (`line1`, `postal_code`, `state`, ...) as ours, without its empty parts. */
export function stripeAddress(value: unknown): PostalAddress | undefined {
  const address = obj(value);
  return address
    ? postalAddress({
        line1: address.line1,
        line2: address.line2,
        city: address.city,
        postalCode: address.postal_code,
        region: address.state,
        country: address.country,
      })
    : undefined;
}
