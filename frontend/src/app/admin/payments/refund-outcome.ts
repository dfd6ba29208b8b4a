/** What an admin is told about a refund the API answered with, and about a refund it refused. */
import { ApiError } from '../../core/api/api-error';
import { Money } from '../../core/money/money-models';
import { AdminRefund } from '../admin-models';

export interface RefundOutcome {
  tone: 'success' | 'info' | 'error';
  text: string;
}

/** `amount` and `to` are already written out ("€12.50", "student@example.com"). */
export function refundOutcome(refund: AdminRefund, provider: string, amount: string, to: string): RefundOutcome {
  switch (refund.status) {
    case 'succeeded':
      return { tone: 'success', text: `Refunded ${amount} to ${to}.` };
    case 'pending':
      return {
        tone: 'info',
        text: `${provider} took the refund of ${amount} and is processing it; the payment page shows when it completes.`,
      };
    case 'requires_action':
      return { tone: 'info', text: `The refund of ${amount} needs an action at ${provider} before it completes.` };
    case 'failed':
      return {
        tone: 'error',
        text: `${provider} refused the refund: ${refund.failureReason ?? 'no reason given'}. Nothing was refunded.`,
      };
    case 'canceled':
      return { tone: 'error', text: `The refund of ${amount} was canceled at ${provider}. Nothing was refunded.` };
  }
}

/** A refused request, and what the dialog can do about it. */
export interface RefundFailure {
  message: string;
  /** Sending the same request again may work (network, server or rate limit): same key, same refund. */
  retry: boolean;
  /** The refundable amount the API counted, when it said (409, 422). */
  refundable: Money | null;
  /** The API saw the payment differently from the page: the page should read it again. */
  stale: boolean;
  /** The amount no longer fits what is left: choose it again (a new confirmation, a new key). */
  chooseAgain: boolean;
}

function refundableOf(error: ApiError): Money | null {
  const value = error.facts?.['refundableAmount'] as Partial<Money> | undefined;
  return typeof value?.amount === 'number' && typeof value.currency === 'string'
    ? { amount: value.amount, currency: value.currency }
    : null;
}

/** `format` writes an amount out in the payment's currency. */
export function refundFailure(error: ApiError, format: (money: Money) => string): RefundFailure {
  const refundable = refundableOf(error);
  if (error.code === 'amount_exceeds_refundable') {
    const left = refundable ? `Only ${format(refundable)} can` : 'Less than that can';
    return {
      message: `${left} be refunded now: the payment changed since this page was read. Choose the amount again.`,
      retry: false,
      refundable,
      stale: true,
      chooseAgain: true,
    };
  }
  if (error.code === 'payment_not_refundable') {
    return { message: error.message, retry: false, refundable, stale: true, chooseAgain: false };
  }
  const retry = error.status === 0 || error.status === 429 || error.status >= 500;
  const message = retry
    ? `${error.message} Trying again is safe: it sends the same refund, never a second one.`
    : error.message;
  return { message, retry, refundable: null, stale: false, chooseAgain: false };
}
