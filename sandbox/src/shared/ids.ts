import { randomBytes, randomUUID } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function pick(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
  return out;
}

/** Stripe ids: prefix + 24 base62 chars, like `cus_QXg1o8vcGmoR32…`. */
export function stripeId(prefix: string, length = 24): string {
  return `${prefix}_${pick(ALNUM, length)}`;
}

/**
 * A PaymentIntent and its first Charge share a suffix in real Stripe (`pi_3X…` / `ch_3X…`);
 * products sometimes rely on it when logging, so the pair is minted together.
 */
export function stripePaymentPair(): { pi: string; ch: string } {
  const suffix = `3${pick(ALNUM, 23)}`;
  return { pi: `pi_${suffix}`, ch: `ch_${suffix}` };
}

/** Checkout Session ids are long (`cs_test_` + 58 chars). */
export function checkoutSessionId(): string {
  return `cs_test_${pick(ALNUM, 58)}`;
}

export function stripeRequestId(): string {
  return `req_${pick(ALNUM, 14)}`;
}

export function stripeSecret(prefix: string, length = 32): string {
  return `${prefix}${pick(ALNUM, length)}`;
}

/** PayPal order, capture, refund, sale ids: 17 upper-case alphanumerics (`5O190127TN364715T`). */
export function paypalId(): string {
  return pick(UPPER_ALNUM, 17);
}

export function paypalSubscriptionId(): string {
  return `I-${pick(UPPER_ALNUM, 12)}`;
}

export function paypalPlanId(): string {
  return `P-${pick(UPPER_ALNUM, 24)}`;
}

export function paypalProductId(): string {
  return `PROD-${pick(UPPER_ALNUM, 17)}`;
}

export function paypalBaToken(): string {
  return `BA-${pick(UPPER_ALNUM, 17)}`;
}

export function paypalPayerId(): string {
  return pick(UPPER_ALNUM, 13);
}

export function paypalEventId(): string {
  return `WH-${pick(UPPER_ALNUM, 17)}-${pick(UPPER_ALNUM, 17)}`;
}

/** debug_id in PayPal error bodies: 13 lower-case hex characters. */
export function paypalDebugId(): string {
  return randomBytes(7).toString('hex').slice(0, 13);
}

export function paypalAccessToken(): string {
  return `A21AA${pick(ALNUM + '-_', 92)}`;
}

export function uuid(): string {
  return randomUUID();
}
