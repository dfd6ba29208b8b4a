import { ProviderError, providerUnavailable } from '../../errors/provider-error';
import type { Logger } from '../../logger';
import { PayPalHttpError, PayPalNetworkError } from './paypal-client';

/**
 * PayPal failures -> ProviderErrors. Network errors, 429 and 5xx -> unavailable; a declined
 * instrument -> declined; an order the buyer has not approved -> conflict (they can go back and
 * approve it); PayPal's other business-rule refusals (422) -> rejected with code
 * provider_rejected_request; other 4xx -> invalid_request / not_found; bad credentials ->
 * misconfigured. Errors that are not PayPal errors are returned unchanged.
 */
export function translatePayPalError(err: unknown, operation: string): unknown {
  if (err instanceof PayPalNetworkError) return providerUnavailable('paypal');
  if (!(err instanceof PayPalHttpError)) return err;
  const details: Record<string, unknown> = { provider: 'paypal', operation };
  if (err.debugId) details.debugId = err.debugId;
  if (err.issues.length) details.issues = err.issues;
  const issues = new Set(err.issues);
  const description = err.description ?? 'PayPal rejected the request';

  if (err.statusCode === 429 || err.statusCode >= 500) return providerUnavailable('paypal');
  if (err.statusCode === 401 || err.statusCode === 403) {
    return new ProviderError('misconfigured', 'paypal', 'PayPal rejected our credentials', { details });
  }
  if (issues.has('INSTRUMENT_DECLINED') || issues.has('PAYER_CANNOT_PAY') || issues.has('TRANSACTION_REFUSED')) {
    return new ProviderError('declined', 'paypal', description, {
      details: { ...details, declineCode: [...issues][0]?.toLowerCase() },
    });
  }
  if (issues.has('ORDER_NOT_APPROVED')) {
    return new ProviderError(
      'conflict',
      'paypal',
      'The buyer has not approved this PayPal order yet: finish the approval on PayPal, then try again',
      { code: 'order_not_approved' },
    );
  }
  if (issues.has('ORDER_ALREADY_CAPTURED')) {
    return new ProviderError('conflict', 'paypal', 'This PayPal order has already been captured', {
      code: 'order_already_captured',
    });
  }
  if (issues.has('DUPLICATE_REQUEST_ID')) {
    return new ProviderError('conflict', 'paypal', 'This request was already made with different parameters', {
      code: 'idempotency_conflict',
    });
  }
  if (err.statusCode === 404) {
    return new ProviderError('not_found', 'paypal', description, { code: 'provider_resource_missing', details });
  }
  if (err.statusCode === 422) {
    // A business rule refused it (REFUND_AMOUNT_EXCEEDED, CAPTURE_FULLY_REFUNDED, ...).
    return new ProviderError('rejected', 'paypal', description, { details });
  }
  if (err.statusCode === 409) {
    return new ProviderError('conflict', 'paypal', description, { code: 'provider_conflict' });
  }
  return new ProviderError('invalid_request', 'paypal', description, { code: 'provider_rejected_request', details });
}

/** translatePayPalError, logging the provider failures. */
export function reportPayPalError(err: unknown, operation: string, logger?: Logger): unknown {
  const translated = translatePayPalError(err, operation);
  if (translated instanceof ProviderError) {
    logger?.warn({ provider: 'paypal', operation, kind: translated.kind, code: translated.code }, 'PayPal call failed');
  }
  return translated;
}

/** Runs one PayPalApi call; whatever it throws is translated (and logged). */
export async function callPayPal<T>(operation: string, call: () => Promise<T>, logger?: Logger): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw reportPayPalError(err, operation, logger);
  }
}
