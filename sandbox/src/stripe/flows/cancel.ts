import { StripeContext } from '../context';
import { RequestRef } from '../events';
import { Subscription } from '../types';

export type CancellationReason = 'cancellation_requested' | 'payment_failed';

/**
 * The subscription ends now (`customer.subscription.deleted`). As Stripe does on any cancellation,
 * automatic collection of the customer's open invoices stops (`auto_advance: false`, no retries).
 */
export function cancelNow(
  ctx: StripeContext,
  sub: Subscription,
  now: number,
  request: RequestRef,
  reason: CancellationReason,
): void {
  for (const invoice of ctx.state.invoices.values()) {
    if (invoice.customer !== sub.customer || invoice.status !== 'open' || !invoice.auto_advance) continue;
    const previous = { auto_advance: true, next_payment_attempt: invoice.next_payment_attempt };
    invoice.auto_advance = false;
    invoice.next_payment_attempt = null;
    ctx.events.emit('invoice.updated', invoice, request, previous);
  }
  sub.status = 'canceled';
  sub.canceled_at = sub.canceled_at ?? now;
  sub.ended_at = now;
  sub.cancellation_details = { comment: null, feedback: null, reason };
  ctx.events.emit('customer.subscription.deleted', sub, request);
}
