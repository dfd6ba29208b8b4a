/** What the review queue says after a resolution. */
import { Money } from '../../core/money/money-models';
import { PROVIDER_LABELS } from '../../core/payments/payment-labels';
import { ResolvedPayment, ReviewItem, ReviewResolution } from '../admin-models';

export interface ReviewNotice {
  tone: 'success' | 'info' | 'error';
  text: string;
  /** The payment to open for the details, when there is one. */
  paymentId: string | null;
  /** The queue changed elsewhere: offer to read it again. */
  reload: boolean;
}

/** `format` writes an amount out in its currency. */
export function resolvedNotice(
  item: ReviewItem,
  resolution: ReviewResolution,
  payment: ResolvedPayment,
  format: (money: Money) => string,
): ReviewNotice {
  const who = item.user.email;
  if (resolution === 'accept') {
    const what = item.course ? `enrolled in ${item.course.title}` : 'subscribed';
    return { tone: 'success', text: `Accepted: ${who} is ${what}.`, paymentId: item.id, reload: false };
  }
  const refund = payment.refunds.at(-1);
  const provider = PROVIDER_LABELS[payment.provider];
  if (!refund) {
    return {
      tone: 'info',
      text: `Canceled the checkout of ${who}; nothing was refunded.`,
      paymentId: item.id,
      reload: false,
    };
  }
  const amount = format(refund.amount);
  switch (refund.status) {
    case 'succeeded':
      return {
        tone: 'success',
        text: `Refunded ${amount} to ${who}; the checkout is canceled.`,
        paymentId: item.id,
        reload: false,
      };
    case 'failed':
    case 'canceled':
      return {
        tone: 'error',
        text: `The checkout is canceled but ${provider} refused the refund of ${amount}: ${refund.failureReason ?? 'no reason given'}.`,
        paymentId: item.id,
        reload: false,
      };
    default:
      return {
        tone: 'info',
        text: `The checkout is canceled; ${provider} is processing the refund of ${amount} to ${who}.`,
        paymentId: item.id,
        reload: false,
      };
  }
}

export function alreadyResolvedNotice(item: ReviewItem): ReviewNotice {
  return {
    tone: 'info',
    text: `The payment of ${item.user.email} was already resolved, perhaps by another admin.`,
    paymentId: item.id,
    reload: true,
  };
}
