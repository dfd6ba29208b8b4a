import { ProviderError, providerUnavailable, type ProviderErrorKind } from '../../errors/provider-error';
import type { Logger } from '../../logger';
import { PayPalHttpError, PayPalNetworkError } from './paypal-client';

interface Refusal {
  kind: ProviderErrorKind;
  code: string;
  message: string;
}

/**
 * PayPal's refusals of `POST /v2/payments/captures/{id}/refund` (payments_payment_v2 `captures.refund-422`,
 * and 403 PERMISSION_DENIED). Each is a definite no: no refund exists, so the caller marks its refund
 * failed and frees the amount. `conflict` = the payment's state forbids it now (already refunded,
 * disputed, not settled, too old); `rejected` = a rule about this request (too much, too many, our
 * balance); `invalid_request` = we sent something PayPal cannot take.
 */
export const PAYPAL_REFUND_REFUSALS: Readonly<Record<string, Refusal>> = {
  CAPTURE_FULLY_REFUNDED: {
    kind: 'conflict',
    code: 'already_refunded',
    message: 'This PayPal payment has already been refunded in full',
  },
  REFUND_NOT_ALLOWED: {
    kind: 'conflict',
    code: 'not_refundable',
    message: 'PayPal does not allow refunding this payment',
  },
  PENDING_CAPTURE: {
    kind: 'conflict',
    code: 'payment_not_settled',
    message: 'This PayPal payment is still pending and cannot be refunded yet',
  },
  TRANSACTION_DISPUTED: {
    kind: 'conflict',
    code: 'payment_disputed',
    message: 'PayPal allows only a full refund while the buyer has a case open on this payment',
  },
  REFUND_NOT_PERMITTED_DUE_TO_CHARGEBACK: {
    kind: 'conflict',
    code: 'payment_disputed',
    message: 'PayPal does not allow refunds while this payment has a chargeback',
  },
  REFUND_TIME_LIMIT_EXCEEDED: {
    kind: 'conflict',
    code: 'refund_window_closed',
    message: 'This PayPal payment is too old to be refunded',
  },
  DUPLICATE_INVOICE_ID: {
    kind: 'conflict',
    code: 'refund_already_exists',
    message: 'PayPal already has a refund with this refund id',
  },
  REFUND_AMOUNT_EXCEEDED: {
    kind: 'rejected',
    code: 'refund_amount_exceeded',
    message: 'The refund is more than what is left of this PayPal payment',
  },
  PARTIAL_REFUND_NOT_ALLOWED: {
    kind: 'rejected',
    code: 'partial_refund_not_allowed',
    message: 'PayPal allows only a full refund of this payment',
  },
  MAX_NUMBER_OF_REFUNDS_EXCEEDED: {
    kind: 'rejected',
    code: 'refund_limit_reached',
    message: 'PayPal allows no more refunds of this payment',
  },
  REFUND_AMOUNT_TOO_LOW: {
    kind: 'rejected',
    code: 'refund_amount_too_low',
    message: 'The refund amount is too low for PayPal',
  },
  REFUND_FAILED_INSUFFICIENT_FUNDS: {
    kind: 'rejected',
    code: 'insufficient_merchant_balance',
    message: 'The PayPal account does not have the funds for this refund',
  },
  REFUND_IS_RESTRICTED: {
    kind: 'rejected',
    code: 'refund_not_permitted',
    message: 'Only the account that captured this PayPal payment can refund it',
  },
  PERMISSION_DENIED: {
    kind: 'rejected',
    code: 'refund_not_permitted',
    message: 'This PayPal account may not refund this payment',
  },
  PAYEE_ACCOUNT_RESTRICTED: {
    kind: 'rejected',
    code: 'merchant_account_restricted',
    message: 'The PayPal account is restricted and cannot refund',
  },
  PAYEE_ACCOUNT_LOCKED_OR_CLOSED: {
    kind: 'rejected',
    code: 'merchant_account_restricted',
    message: 'The PayPal account is locked or closed and cannot refund',
  },
  PAYER_ACCOUNT_LOCKED_OR_CLOSED: {
    kind: 'rejected',
    code: 'buyer_account_closed',
    message: "The buyer's PayPal account is locked or closed",
  },
  REFUND_CAPTURE_CURRENCY_MISMATCH: {
    kind: 'invalid_request',
    code: 'currency_mismatch',
    message: 'The refund currency differs from the PayPal payment',
  },
};

/**
 * Operations whose refusals are looked up in PAYPAL_REFUND_REFUSALS first. The v1 sale refund
 * (a subscription cycle's) answers in the v1 error shape (`name`, `message`, no `details`), so only
 * its status classifies it, but its 409 means the same as a capture refund's.
 */
const REFUND_OPERATIONS = new Set(['captures.refund', 'sale.refund']);

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
  if (REFUND_OPERATIONS.has(operation)) {
    const refusal = err.issues.map((i) => PAYPAL_REFUND_REFUSALS[i]).find((r) => r !== undefined);
    if (refusal) return new ProviderError(refusal.kind, 'paypal', refusal.message, { code: refusal.code, details });
    if (err.statusCode === 409) {
      // A 409 on a refund means a request with this PayPal-Request-Id is still being processed: the
      // refund may well exist, so this is not a refusal. Ask again later.
      return new ProviderError('unavailable', 'paypal', 'PayPal is still processing this refund request', {
        code: 'request_in_progress',
        details,
      });
    }
  }
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
  if (issues.has('DUPLICATE_REQUEST_ID') || issues.has('PAYPAL_REQUEST_ID_PREVIOUSLY_USED')) {
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
