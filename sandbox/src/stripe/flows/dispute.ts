import { stripeId } from '../../shared/ids';
import { JsonObject, nowSeconds } from '../../shared/json';
import { StripeContext } from '../context';
import { invalidParam, invalidState } from '../errors';
import { RequestRef } from '../events';
import { DisputeKind, newDispute } from '../objects/payment';
import { Charge, Dispute, DisputeStatus } from '../types';
import { DISPUTED_PENDING_REFUND_REASON, failRefund } from './refund';

/** States in which a dispute is over; nothing moves it any more. */
const CLOSED: ReadonlySet<DisputeStatus> = new Set(['warning_closed', 'won', 'lost', 'prevented']);

/** Where submitting evidence (or the review control) moves a dispute that waits for a response. */
const REVIEW: Partial<Record<DisputeStatus, DisputeStatus>> = {
  warning_needs_response: 'warning_under_review',
  needs_response: 'under_review',
};

/**
 * Test-mode evidence that decides a chargeback at once (Stripe's documented test values for
 * `evidence[uncategorized_text]`): it goes under review, then closes won or lost.
 */
export const TEST_EVIDENCE_OUTCOMES: Record<string, 'won' | 'lost'> = {
  winning_evidence: 'won',
  losing_evidence: 'lost',
};

export function isInquiry(dispute: Dispute): boolean {
  return dispute.status.startsWith('warning_');
}

export function isClosed(dispute: Dispute): boolean {
  return CLOSED.has(dispute.status);
}

export interface DisputeInput {
  amount: number;
  reason: string;
  kind: DisputeKind;
}

/** A balance transaction of the dispute: the withdrawal (negative) or the reinstatement. */
function addFundsTransaction(dispute: Dispute, direction: 'withdrawn' | 'reinstated'): void {
  const amount = direction === 'withdrawn' ? -dispute.amount : dispute.amount;
  const txn: JsonObject = {
    id: stripeId('txn', 24),
    object: 'balance_transaction',
    amount,
    available_on: nowSeconds(),
    created: nowSeconds(),
    currency: dispute.currency,
    description: `Chargeback ${direction} for ${dispute.charge}`,
    // Stripe's dispute fee is left out: it is per currency and country, and nothing here reads it.
    fee: 0,
    fee_details: [],
    net: amount,
    reporting_category: direction === 'withdrawn' ? 'dispute' : 'dispute_reversal',
    source: dispute.id,
    status: 'available',
    type: 'adjustment',
  };
  dispute.balance_transactions.push(txn);
}

/** The money moves now: the transaction, then `charge.dispute.funds_withdrawn|reinstated`. */
function moveFunds(
  ctx: StripeContext,
  dispute: Dispute,
  direction: 'withdrawn' | 'reinstated',
  request: RequestRef,
): void {
  addFundsTransaction(dispute, direction);
  ctx.events.emit(`charge.dispute.funds_${direction}`, dispute, request);
}

function withdrawn(dispute: Dispute): boolean {
  return dispute.balance_transactions.reduce((sum, t) => sum + Number(t.amount), 0) < 0;
}

/**
 * The cardholder disputes a charge: `charge.dispute.created`, and for a chargeback the money
 * leaves at once (`charge.dispute.funds_withdrawn`) and pending refunds of the charge fail.
 * An inquiry moves no money. A charge can be disputed again only after an inquiry closed
 * (an inquiry that escalates becomes a new chargeback).
 */
export function createDispute(ctx: StripeContext, charge: Charge, input: DisputeInput, request: RequestRef): Dispute {
  if (charge.status !== 'succeeded')
    throw invalidState(`Charge ${charge.id} has not succeeded and cannot be disputed.`);
  // Stripe: disputes are not possible on card charges that are fully refunded.
  if (charge.refunded) throw invalidState(`Charge ${charge.id} has been fully refunded and cannot be disputed.`);
  const open = [...ctx.state.disputes.values()].find((d) => d.charge === charge.id && d.status !== 'warning_closed');
  if (open) throw invalidState(`Charge ${charge.id} has already been disputed.`, 'charge_disputed');
  const dispute = newDispute(charge, input.amount, input.reason, input.kind);
  ctx.state.track(dispute);
  ctx.state.disputes.set(dispute.id, dispute);
  charge.disputed = true;
  ctx.events.emit('charge.dispute.created', dispute, request);
  if (input.kind === 'chargeback') {
    moveFunds(ctx, dispute, 'withdrawn', request);
    for (const refund of ctx.state.refunds.values()) {
      if (refund.charge === charge.id && (refund.status === 'pending' || refund.status === 'requires_action')) {
        failRefund(ctx, refund, DISPUTED_PENDING_REFUND_REASON, request);
      }
    }
  }
  return dispute;
}

/** A response was sent (evidence, or the review control): `*_needs_response` → `*_under_review`. */
export function reviewDispute(ctx: StripeContext, dispute: Dispute, request: RequestRef): Dispute {
  const next = REVIEW[dispute.status];
  if (!next) throw invalidState(`This dispute is ${dispute.status} and is not waiting for a response.`);
  const previous = { status: dispute.status };
  dispute.status = next;
  ctx.events.emit('charge.dispute.updated', dispute, request, previous);
  return dispute;
}

export interface EvidenceInput {
  evidence?: Record<string, string>;
  metadata?: Record<string, string>;
  /** Default true: submit to the bank now; false stages the evidence. */
  submit: boolean;
}

/**
 * `POST /v1/disputes/:id`: stages or submits evidence and updates metadata. Submitting moves the
 * dispute under review (`charge.dispute.updated`); the test values in `uncategorized_text` then
 * decide a chargeback.
 */
export function updateDispute(
  ctx: StripeContext,
  dispute: Dispute,
  input: EvidenceInput,
  request: RequestRef,
): Dispute {
  if (input.evidence) {
    if (!REVIEW[dispute.status]) {
      throw invalidState(
        isClosed(dispute)
          ? 'This dispute is already closed and its evidence can no longer be updated.'
          : 'Evidence for this dispute has already been submitted and can no longer be updated.',
      );
    }
    for (const key of Object.keys(input.evidence)) {
      if (!(key in dispute.evidence))
        throw invalidParam(`evidence[${key}]`, `Received unknown parameter: evidence[${key}]`);
    }
  }
  const previous: JsonObject = {};
  if (input.metadata) {
    previous.metadata = dispute.metadata;
    dispute.metadata = input.metadata;
  }
  if (input.evidence) {
    previous.evidence = { ...dispute.evidence };
    Object.assign(dispute.evidence, input.evidence);
    dispute.evidence_details.has_evidence = true;
  }
  const submitting = Boolean(input.evidence) && input.submit;
  if (!submitting) {
    if (Object.keys(previous).length > 0) ctx.events.emit('charge.dispute.updated', dispute, request, previous);
    return dispute;
  }
  dispute.evidence_details.submission_count += 1;
  const next = REVIEW[dispute.status] as DisputeStatus;
  previous.status = dispute.status;
  dispute.status = next;
  ctx.events.emit('charge.dispute.updated', dispute, request, previous);
  const decided = TEST_EVIDENCE_OUTCOMES[String(dispute.evidence.uncategorized_text)];
  if (decided && !isInquiry(dispute)) closeDispute(ctx, dispute, decided, request);
  return dispute;
}

/** `POST /v1/disputes/:id/close`: we accept it. A chargeback is lost; an inquiry just closes. */
export function acceptDispute(ctx: StripeContext, dispute: Dispute, request: RequestRef): Dispute {
  if (isClosed(dispute)) throw invalidState(`This dispute is already closed (${dispute.status}).`);
  if (dispute.status === 'under_review') {
    throw invalidState('Evidence for this dispute has already been submitted; it can no longer be accepted.');
  }
  return closeDispute(ctx, dispute, isInquiry(dispute) ? 'warning_closed' : 'lost', request);
}

/** Which outcomes each kind of dispute can end in. */
const OUTCOMES: Record<'inquiry' | 'chargeback', ReadonlySet<DisputeStatus>> = {
  inquiry: new Set(['warning_closed', 'prevented']),
  chargeback: new Set(['won', 'lost', 'prevented']),
};

/**
 * The dispute ends: `charge.dispute.closed`. Won gives the money back
 * (`charge.dispute.funds_reinstated`); lost keeps it withdrawn; prevented means the cardholder
 * got the money back through the issuer, so it leaves our balance if it had not yet.
 */
export function closeDispute(
  ctx: StripeContext,
  dispute: Dispute,
  outcome: 'won' | 'lost' | 'prevented' | 'warning_closed',
  request: RequestRef,
): Dispute {
  if (isClosed(dispute)) throw invalidState(`This dispute is already closed (${dispute.status}).`);
  const kind = isInquiry(dispute) ? 'inquiry' : 'chargeback';
  if (!OUTCOMES[kind].has(outcome)) {
    throw invalidState(`This ${kind} cannot close as ${outcome} (one of ${[...OUTCOMES[kind]].join(', ')}).`);
  }
  const previous = { status: dispute.status };
  dispute.status = outcome;
  dispute.is_charge_refundable = outcome === 'warning_closed';
  // The decision and the money move together: the closed snapshot already lists the transaction,
  // so it never says "won" while its balance transactions still say "withdrawn".
  const move =
    outcome === 'won' && withdrawn(dispute)
      ? 'reinstated'
      : outcome === 'prevented' && !withdrawn(dispute)
        ? 'withdrawn'
        : undefined;
  if (move) addFundsTransaction(dispute, move);
  ctx.events.emit('charge.dispute.closed', dispute, request, previous);
  if (move) ctx.events.emit(`charge.dispute.funds_${move}`, dispute, request);
  return dispute;
}
