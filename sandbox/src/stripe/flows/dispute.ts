import { StripeContext } from '../context';
import { invalidState } from '../errors';
import { RequestRef } from '../events';
import { newDispute } from '../objects/payment';
import { Charge, Dispute } from '../types';

/** The cardholder disputes a charge: `charge.dispute.created` (+ funds withdrawn), as Stripe sends them. */
export function createDispute(
  ctx: StripeContext,
  charge: Charge,
  amount: number,
  reason: string,
  request: RequestRef,
): Dispute {
  if (charge.status !== 'succeeded')
    throw invalidState(`Charge ${charge.id} has not succeeded and cannot be disputed.`);
  if (charge.disputed) throw invalidState(`Charge ${charge.id} has already been disputed.`, 'charge_disputed');
  const dispute = newDispute(charge, amount, reason);
  ctx.state.track(dispute);
  ctx.state.disputes.set(dispute.id, dispute);
  charge.disputed = true;
  ctx.events.emit('charge.dispute.created', dispute, request);
  ctx.events.emit('charge.dispute.funds_withdrawn', dispute, request);
  return dispute;
}

/** The bank rules on a dispute: `charge.dispute.closed` (+ funds reinstated when won). */
export function closeDispute(
  ctx: StripeContext,
  dispute: Dispute,
  outcome: 'won' | 'lost',
  request: RequestRef,
): Dispute {
  if (dispute.status === 'won' || dispute.status === 'lost')
    throw invalidState(`This dispute is already closed (${dispute.status}).`);
  const previous = { status: dispute.status };
  dispute.status = outcome;
  ctx.events.emit('charge.dispute.closed', dispute, request, previous);
  if (outcome === 'won') ctx.events.emit('charge.dispute.funds_reinstated', dispute, request);
  return dispute;
}
