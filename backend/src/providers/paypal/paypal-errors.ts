import { AppError, ConflictError, PaymentDeclinedError, ProviderUnavailableError } from '../../errors/app-error';
import { PayPalHttpError, PayPalNetworkError } from './paypal-client';

/**
 * PayPal failures -> AppErrors. Network errors, 429 and 5xx -> 502; a declined instrument -> 422;
 * an order the buyer has not approved -> 409 (they can go back and approve it); PayPal's
 * business-rule refusals (422) -> 422; other 4xx -> 400/404; bad credentials -> 500.
 * Errors that are not PayPal errors are returned unchanged.
 */
export function translatePayPalError(err: unknown, operation: string): unknown {
  if (err instanceof PayPalNetworkError) return new ProviderUnavailableError('paypal');
  if (!(err instanceof PayPalHttpError)) return err;
  const details: Record<string, unknown> = { provider: 'paypal', operation };
  if (err.debugId) details.debugId = err.debugId;
  if (err.issues.length) details.issues = err.issues;
  const issues = new Set(err.issues);
  const description = err.description ?? 'PayPal rejected the request';

  if (err.statusCode === 429 || err.statusCode >= 500) return new ProviderUnavailableError('paypal');
  if (err.statusCode === 401 || err.statusCode === 403) {
    return new AppError(500, 'provider_misconfigured', 'PayPal rejected our credentials', details);
  }
  if (issues.has('INSTRUMENT_DECLINED') || issues.has('PAYER_CANNOT_PAY') || issues.has('TRANSACTION_REFUSED')) {
    return new PaymentDeclinedError(description, { ...details, declineCode: [...issues][0]?.toLowerCase() });
  }
  if (issues.has('ORDER_NOT_APPROVED')) {
    return new ConflictError(
      'order_not_approved',
      'The buyer has not approved this PayPal order yet: finish the approval on PayPal, then try again',
    );
  }
  if (issues.has('ORDER_ALREADY_CAPTURED')) {
    return new ConflictError('order_already_captured', 'This PayPal order has already been captured');
  }
  if (issues.has('DUPLICATE_REQUEST_ID')) {
    return new ConflictError('idempotency_conflict', 'This request was already made with different parameters');
  }
  if (err.statusCode === 404) return new AppError(404, 'provider_resource_missing', description, details);
  if (err.statusCode === 422) return new AppError(422, 'provider_rejected_request', description, details);
  if (err.statusCode === 409) return new ConflictError('provider_conflict', description);
  return new AppError(400, 'provider_rejected_request', description, details);
}

export async function callPayPal<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw translatePayPalError(err, operation);
  }
}
