import { stripeId } from '../../shared/ids';
import { nowSeconds } from '../../shared/json';
import { minorToDecimal, stripeExponent } from '../../shared/money';
import { cardOfPaymentMethod } from '../cards';
import { StripeContext } from '../context';
import { checkAmountFormat } from '../currency-rules';
import { invalidParam, invalidState } from '../errors';
import { NO_REQUEST, RequestRef } from '../events';
import { newRefund } from '../objects/payment';
import { Charge, Metadata, Refund } from '../types';

export interface RefundInput {
  charge: Charge;
  /** Omitted = everything not yet refunded. */
  amount?: number;
  reason?: string | null;
  metadata?: Metadata;
  /** Card refunds succeed at once unless the card says otherwise; `pending` forces the slow path (dashboard control). */
  status?: 'succeeded' | 'pending';
}

/**
 * How long a refund of card 4000 0000 0000 5126 stays `succeeded` before it fails. Stripe only
 * says "some time later"; tests do not wait, they call `/_sandbox/refunds/:id/fail`.
 */
export const ASYNC_REFUND_FAILURE_SECONDS = 30;

/** What Stripe reports when a card refund bounces (the card was closed after the payment). */
export const CARD_REFUND_FAILURE_REASON = 'expired_or_canceled_card';

/** Stripe fails pending refunds of a charge that is charged back while they wait. */
export const DISPUTED_PENDING_REFUND_REASON = 'charge_for_pending_refund_disputed';

/** Canceled refunds say who canceled them (Stripe's cancel answer). */
const CANCELED_REFUND_REASON = 'merchant_request';

/** Refunds still waiting for the issuer: they can settle, fail or be canceled. */
const WAITING: ReadonlySet<Refund['status']> = new Set(['pending', 'requires_action']);

function money(amount: number, currency: string): string {
  const exp = stripeExponent(currency);
  return `${currency === 'usd' ? '$' : ''}${minorToDecimal(amount, exp)}${currency === 'usd' ? '' : ` ${currency}`}`;
}

/**
 * Whether a charge with disputes may still be refunded: inquiries allow it (`is_charge_refundable`),
 * an open or decided chargeback does not.
 */
function refundableDespiteDisputes(ctx: StripeContext, charge: Charge): boolean {
  return [...ctx.state.disputes.values()].every((d) => d.charge !== charge.id || d.is_charge_refundable);
}

/** Refunds a succeeded charge fully or partly, with Stripe's errors for what cannot be refunded. */
export function createRefund(ctx: StripeContext, input: RefundInput, request: RequestRef): Refund {
  const { charge } = input;
  if (charge.status !== 'succeeded') {
    throw invalidState(`This charge (${charge.id}) has not succeeded and cannot be refunded.`, 'charge_not_refundable');
  }
  if (!refundableDespiteDisputes(ctx, charge)) {
    throw invalidState(`Charge ${charge.id} has been charged back; cannot issue a refund.`, 'charge_disputed');
  }
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining <= 0) throw invalidState(`Charge ${charge.id} has already been refunded.`, 'charge_already_refunded');
  const amount = input.amount ?? remaining;
  if (input.amount !== undefined) checkAmountFormat(amount, charge.currency, 'amount');
  if (amount > remaining) {
    throw invalidParam(
      'amount',
      `Refund amount (${money(amount, charge.currency)}) is greater than unrefunded amount on charge (${money(remaining, charge.currency)})`,
    );
  }
  const card = cardOfPaymentMethod(ctx.state.pmCards, charge.payment_method);
  const status = input.status === 'pending' || card?.behaviour.kind === 'refund_pending' ? 'pending' : 'succeeded';
  const refund = newRefund(charge, amount, input.reason ?? null, input.metadata ?? {}, status);
  ctx.state.track(refund);
  ctx.state.refunds.set(refund.id, refund);
  if (status === 'succeeded' && card?.behaviour.kind === 'refund_fails_later') {
    ctx.state.refundFailsAt.set(refund.id, nowSeconds() + ASYNC_REFUND_FAILURE_SECONDS);
  }
  // A pending refund already counts against the charge: its money is no longer refundable.
  const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded >= charge.amount;
  ctx.events.emit('refund.created', refund, request);
  // Since API 2022-11-15 the charge in this event no longer lists its refunds.
  ctx.events.emit('charge.refunded', charge, request, previous);
  return refund;
}

/** The refund's money is back on the charge (it failed or was canceled). */
function giveBack(ctx: StripeContext, refund: Refund): void {
  const charge = ctx.state.charges.get(refund.charge) as Charge;
  charge.amount_refunded -= refund.amount;
  charge.refunded = charge.amount_refunded >= charge.amount;
  refund.failure_balance_transaction = stripeId('txn', 24);
}

/** `refund.updated` and `charge.refund.updated` (Stripe sends both for card refunds), with what changed. */
function emitUpdated(ctx: StripeContext, refund: Refund, previous: Record<string, string | null>, request: RequestRef) {
  ctx.events.emit('refund.updated', refund, request, previous);
  ctx.events.emit('charge.refund.updated', refund, request, previous);
}

/** A pending refund reaches its final state: `refund.updated`, `charge.refund.updated` (+ `refund.failed`). */
export function settleRefund(
  ctx: StripeContext,
  refund: Refund,
  outcome: 'succeeded' | 'failed',
  request: RequestRef,
  failureReason = CARD_REFUND_FAILURE_REASON,
): Refund {
  if (!WAITING.has(refund.status)) throw invalidState(`Refund ${refund.id} is ${refund.status}, not pending.`);
  if (outcome === 'failed') return failRefund(ctx, refund, failureReason, request);
  const previous = { status: refund.status };
  refund.status = 'succeeded';
  delete refund.pending_reason;
  refund.balance_transaction = stripeId('txn', 24);
  emitUpdated(ctx, refund, previous, request);
  return refund;
}

/**
 * A refund fails: a pending one, or a succeeded one later (card 5126: the issuer sent it back).
 * Its amount becomes refundable again; `refund.updated`, `charge.refund.updated`, `refund.failed`.
 */
export function failRefund(ctx: StripeContext, refund: Refund, failureReason: string, request: RequestRef): Refund {
  if (refund.status !== 'succeeded' && !WAITING.has(refund.status)) {
    throw invalidState(`Refund ${refund.id} is ${refund.status} and cannot fail now.`);
  }
  const previous = { status: refund.status, failure_reason: null };
  refund.status = 'failed';
  refund.failure_reason = failureReason;
  delete refund.pending_reason;
  ctx.state.refundFailsAt.delete(refund.id);
  giveBack(ctx, refund);
  emitUpdated(ctx, refund, previous, request);
  ctx.events.emit('refund.failed', refund, request);
  return refund;
}

/** `POST /v1/refunds/:id/cancel`: only a refund still waiting can be canceled; its amount is refundable again. */
export function cancelRefund(ctx: StripeContext, refund: Refund, request: RequestRef): Refund {
  if (!WAITING.has(refund.status)) {
    // Wording modelled on Stripe's other state errors (e.g. expiring a Checkout Session that is not open).
    throw invalidState(
      `Only Refunds with a status in ["pending", "requires_action"] can be canceled. This Refund has a status of \`${refund.status}\`.`,
    );
  }
  const previous = { status: refund.status, failure_reason: null };
  refund.status = 'canceled';
  refund.failure_reason = CANCELED_REFUND_REASON;
  delete refund.pending_reason;
  giveBack(ctx, refund);
  emitUpdated(ctx, refund, previous, request);
  return refund;
}

/** `POST /v1/refunds/:id`: Stripe only lets metadata change. */
export function updateRefundMetadata(
  ctx: StripeContext,
  refund: Refund,
  metadata: Metadata,
  request: RequestRef,
): Refund {
  const previous = { metadata: refund.metadata };
  refund.metadata = metadata;
  ctx.events.emit('refund.updated', refund, request, previous);
  return refund;
}

/** Refunds of card 5126 fail once their time has come, whenever the sandbox is next touched. */
export function sweepRefunds(ctx: StripeContext): void {
  const now = nowSeconds();
  for (const [id, at] of ctx.state.refundFailsAt) {
    const refund = ctx.state.refunds.get(id);
    if (!refund || refund.status !== 'succeeded') ctx.state.refundFailsAt.delete(id);
    else if (at <= now) failRefund(ctx, refund, CARD_REFUND_FAILURE_REASON, NO_REQUEST);
  }
}
