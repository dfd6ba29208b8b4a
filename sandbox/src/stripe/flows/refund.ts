import { minorToDecimal, stripeExponent } from '../../shared/money';
import { StripeContext } from '../context';
import { checkAmountFormat } from '../currency-rules';
import { invalidParam, invalidState } from '../errors';
import { RequestRef } from '../events';
import { newRefund } from '../objects/payment';
import { Charge, Metadata, Refund } from '../types';

export interface RefundInput {
  charge: Charge;
  /** Omitted = everything not yet refunded. */
  amount?: number;
  reason?: string | null;
  metadata?: Metadata;
  /** Card refunds succeed at once; `pending` lets tests drive `refund.updated` by hand. */
  status?: 'succeeded' | 'pending';
}

function money(amount: number, currency: string): string {
  const exp = stripeExponent(currency);
  return `${currency === 'usd' ? '$' : ''}${minorToDecimal(amount, exp)}${currency === 'usd' ? '' : ` ${currency}`}`;
}

/** Refunds a succeeded charge fully or partly, with Stripe's errors for what cannot be refunded. */
export function createRefund(ctx: StripeContext, input: RefundInput, request: RequestRef): Refund {
  const { charge } = input;
  if (charge.status !== 'succeeded') {
    throw invalidState(`This charge (${charge.id}) has not succeeded and cannot be refunded.`, 'charge_not_refundable');
  }
  if (charge.disputed) {
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
  const refund = newRefund(charge, amount, input.reason ?? null, input.metadata ?? {}, input.status ?? 'succeeded');
  ctx.state.track(refund);
  ctx.state.refunds.set(refund.id, refund);
  const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded >= charge.amount;
  charge.refunds.data.unshift(refund);
  charge.refunds.total_count = charge.refunds.data.length;
  ctx.events.emit('refund.created', refund, request);
  ctx.events.emit('charge.refunded', charge, request, previous);
  return refund;
}

/** A pending refund reaches its final state: `refund.updated` (+ `refund.failed`), `charge.refund.updated`. */
export function settleRefund(
  ctx: StripeContext,
  refund: Refund,
  outcome: 'succeeded' | 'failed',
  request: RequestRef,
): Refund {
  if (refund.status !== 'pending') throw invalidState(`Refund ${refund.id} is ${refund.status}, not pending.`);
  const previous = { status: refund.status };
  refund.status = outcome;
  const charge = ctx.state.charges.get(refund.charge) as Charge;
  if (outcome === 'failed') {
    refund.failure_reason = 'expired_or_canceled_card';
    charge.amount_refunded -= refund.amount;
    charge.refunded = false;
  } else refund.balance_transaction = `txn_${refund.id.slice(3)}`;
  ctx.events.emit('refund.updated', refund, request, previous);
  ctx.events.emit('charge.refund.updated', refund, request, previous);
  if (outcome === 'failed') ctx.events.emit('refund.failed', refund, request);
  return refund;
}
