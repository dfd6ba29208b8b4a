import { nowSeconds } from '../../shared/json';
import { StripeContext } from '../context';
import { RequestRef } from '../events';
import { CheckoutSession } from '../types';

/** Expires an open session (API call or `expires_at` passing) and cancels its unfinished PaymentIntent. */
export function expireSession(ctx: StripeContext, session: CheckoutSession, request: RequestRef): CheckoutSession {
  session.status = 'expired';
  session.url = null;
  const pi = session.payment_intent ? ctx.state.paymentIntents.get(session.payment_intent) : undefined;
  if (pi && pi.status !== 'succeeded' && pi.status !== 'processing' && pi.status !== 'canceled') {
    pi.status = 'canceled';
    pi.canceled_at = nowSeconds();
    pi.cancellation_reason = 'abandoned';
    ctx.events.emit('payment_intent.canceled', pi, request);
  }
  ctx.events.emit('checkout.session.expired', session, request);
  return session;
}

/** Sessions past `expires_at` expire lazily, whenever the sandbox is next touched. */
export function sweepExpired(ctx: StripeContext): void {
  const now = nowSeconds();
  for (const s of ctx.state.sessions.values()) {
    if (s.status === 'open' && s.expires_at <= now) expireSession(ctx, s, { id: null, idempotency_key: null });
  }
}
