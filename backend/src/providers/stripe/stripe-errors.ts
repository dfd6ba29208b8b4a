import Stripe from 'stripe';
import { AppError, ConflictError, PaymentDeclinedError, ProviderUnavailableError } from '../../errors/app-error';

/**
 * Translates a Stripe SDK error into our AppError family, so no Stripe type leaves providers/.
 * Card declines -> 422 with the decline code; network, rate limit and 5xx -> 502; requests Stripe
 * rejects -> 400/404/409; broken credentials -> 500 (an operator problem, not the user's).
 * Anything that is not a Stripe error (a bug of ours, an AppError) is returned unchanged.
 */
export function translateStripeError(err: unknown, operation: string): unknown {
  if (!(err instanceof Stripe.errors.StripeError)) return err;
  const details: Record<string, unknown> = { provider: 'stripe', operation };
  if (err.requestId) details.requestId = err.requestId;
  if (err.code) details.code = err.code;

  if (err instanceof Stripe.errors.StripeCardError || err.type === 'StripeCardError') {
    return new PaymentDeclinedError(err.message || 'The card was declined', {
      ...details,
      declineCode: err.decline_code ?? err.code ?? 'card_declined',
      ...(err.advice_code ? { adviceCode: err.advice_code } : {}),
    });
  }
  if (
    err instanceof Stripe.errors.StripeConnectionError ||
    err instanceof Stripe.errors.StripeRateLimitError ||
    err instanceof Stripe.errors.StripeAPIError ||
    (err.statusCode !== undefined && err.statusCode >= 500)
  ) {
    return new ProviderUnavailableError('stripe');
  }
  if (err instanceof Stripe.errors.StripeAuthenticationError || err instanceof Stripe.errors.StripePermissionError) {
    return new AppError(500, 'provider_misconfigured', 'The payment provider rejected our credentials', details);
  }
  if (err instanceof Stripe.errors.StripeIdempotencyError) {
    return new ConflictError(
      'idempotency_conflict',
      'This request was already made with different parameters; retry with the same parameters',
    );
  }
  if (err.code === 'resource_missing' || err.statusCode === 404) {
    return new AppError(404, 'provider_resource_missing', err.message, details);
  }
  if (err.code === 'charge_already_refunded') {
    return new ConflictError('already_refunded', err.message);
  }
  if (err.statusCode === 409) {
    return new ConflictError('provider_conflict', err.message);
  }
  return new AppError(400, 'provider_rejected_request', err.message, details);
}

/** Runs one SDK call and translates whatever it throws. */
export async function callStripe<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw translateStripeError(err, operation);
  }
}
