import Stripe from 'stripe';
import { ProviderError, providerUnavailable, type ProviderErrorKind } from '../../errors/provider-error';
import type { Logger } from '../../logger';

/**
 * Stripe's definite "no" to a refund, as a kind and our code. Stripe answers 400
 * invalid_request_error for all of them; only `code` (or, for an amount above what is left, the
 * `amount` param with no code at all) tells them apart:
 * - `charge_already_refunded`: nothing is left to refund -> conflict `already_refunded`;
 * - `charge_disputed`: a chargeback is open on the charge (inquiries still allow refunds) -> conflict;
 * - `charge_not_refundable`: the payment has no succeeded charge (yet) -> conflict `not_refundable`;
 * - "Refund amount (...) is greater than unrefunded amount on charge (...)", `param: amount` ->
 *   rejected `refund_exceeds_refundable` (the amount, not the payment's state, is wrong).
 */
const REFUND_REFUSAL_CODES: Readonly<Record<string, { kind: ProviderErrorKind; code: string }>> = {
  charge_already_refunded: { kind: 'conflict', code: 'already_refunded' },
  charge_disputed: { kind: 'conflict', code: 'charge_disputed' },
  charge_not_refundable: { kind: 'conflict', code: 'not_refundable' },
};

const REFUND_ABOVE_REMAINDER = /greater than unrefunded amount/i;

export function refundRefusal(err: Stripe.errors.StripeError): { kind: ProviderErrorKind; code: string } | undefined {
  if (err.code && Object.hasOwn(REFUND_REFUSAL_CODES, err.code)) return REFUND_REFUSAL_CODES[err.code];
  if (err.param === 'amount' && REFUND_ABOVE_REMAINDER.test(err.message)) {
    return { kind: 'rejected', code: 'refund_exceeds_refundable' };
  }
  return undefined;
}

/**
 * Quirk: Stripe bills each customer in one currency. Once a customer has a subscription, invoice,
 * quote or invoice item in one currency, anything in another is refused with a plain 400
 * invalid_request_error whose only clue is its message: "You cannot combine currencies on a single
 * customer. This customer has an active subscription, subscription schedule, discount, quote, or
 * invoice item with currency usd." The student must never see that: it becomes a conflict with
 * our code `subscription_currency_locked` and, when the message names it, the customer's currency
 * (upper case), so the caller can use a customer for the other currency or explain.
 */
const CURRENCY_LOCK = /^You cannot combine currencies on a single customer/;
const LOCKED_CURRENCY = /with currency ([a-z]{3})\b/i;

export function currencyLockRefusal(
  err: Stripe.errors.StripeError,
  details: Record<string, unknown> = { provider: 'stripe' },
): ProviderError | undefined {
  if (!CURRENCY_LOCK.test(err.message ?? '')) return undefined;
  const customerCurrency = LOCKED_CURRENCY.exec(err.message)?.[1]?.toUpperCase();
  return new ProviderError(
    'conflict',
    'stripe',
    customerCurrency
      ? `This Stripe customer is already billed in ${customerCurrency}, and Stripe bills a customer in one currency only`
      : 'This Stripe customer is already billed in another currency, and Stripe bills a customer in one currency only',
    {
      code: 'subscription_currency_locked',
      details: { ...details, ...(customerCurrency ? { customerCurrency } : {}) },
    },
  );
}

/**
 * Translates a Stripe SDK error into a ProviderError, so no Stripe type leaves providers/.
 * Card declines -> declined with the decline code; network, rate limit and 5xx -> unavailable;
 * requests Stripe rejects -> invalid_request / not_found / conflict; broken credentials ->
 * misconfigured (an operator problem, not the user's).
 * Anything that is not a Stripe error (a bug of ours, a ProviderError) is returned unchanged.
 */
export function translateStripeError(err: unknown, operation: string): unknown {
  if (!(err instanceof Stripe.errors.StripeError)) return err;
  const details: Record<string, unknown> = { provider: 'stripe', operation };
  if (err.requestId) details.requestId = err.requestId;
  if (err.code) details.code = err.code;

  if (err instanceof Stripe.errors.StripeCardError || err.type === 'StripeCardError') {
    return new ProviderError('declined', 'stripe', err.message || 'The card was declined', {
      details: {
        ...details,
        declineCode: err.decline_code ?? err.code ?? 'card_declined',
        ...(err.advice_code ? { adviceCode: err.advice_code } : {}),
      },
    });
  }
  if (
    err instanceof Stripe.errors.StripeConnectionError ||
    err instanceof Stripe.errors.StripeRateLimitError ||
    err instanceof Stripe.errors.StripeAPIError ||
    (err.statusCode !== undefined && err.statusCode >= 500)
  ) {
    return providerUnavailable('stripe');
  }
  if (err instanceof Stripe.errors.StripeAuthenticationError || err instanceof Stripe.errors.StripePermissionError) {
    return new ProviderError('misconfigured', 'stripe', 'The payment provider rejected our credentials', { details });
  }
  if (err instanceof Stripe.errors.StripeIdempotencyError) {
    return new ProviderError(
      'conflict',
      'stripe',
      'This request was already made with different parameters; retry with the same parameters',
      { code: 'idempotency_conflict' },
    );
  }
  if (err.code === 'resource_missing' || err.statusCode === 404) {
    return new ProviderError('not_found', 'stripe', err.message, { code: 'provider_resource_missing', details });
  }
  const currencyLock = currencyLockRefusal(err, details);
  if (currencyLock) return currencyLock;
  const refusal = refundRefusal(err);
  if (refusal) return new ProviderError(refusal.kind, 'stripe', err.message, { code: refusal.code, details });
  if (err.statusCode === 409) {
    return new ProviderError('conflict', 'stripe', err.message, { code: 'provider_conflict' });
  }
  return new ProviderError('invalid_request', 'stripe', err.message, { code: 'provider_rejected_request', details });
}

/** Runs one SDK call; whatever it throws is translated, and provider failures are logged. */
export async function callStripe<T>(operation: string, call: () => Promise<T>, logger?: Logger): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const translated = translateStripeError(err, operation);
    if (translated instanceof ProviderError) {
      logger?.warn(
        { provider: 'stripe', operation, kind: translated.kind, code: translated.code },
        'Stripe call failed',
      );
    }
    throw translated;
  }
}
