import { JsonObject } from '../shared/json';
import { PayPalContext } from './context';
import { unprocessable } from './errors';
import { money, toMinor } from './money';
import { REFUND_HOLD_REASON, isoNow, newRefund, upCaptureId } from './objects';
import { syncOrder } from './orders';
import { Capture, Dispute, Money, Refund } from './types';

/** A capture's refunds in creation order (Map order), reversals excluded. */
export function refundsOf(ctx: PayPalContext, captureId: string): Refund[] {
  return [...ctx.state.refunds.values()].filter((r) => upCaptureId(r) === captureId);
}

/** The disputes on a capture, oldest first. */
export function disputesOf(ctx: PayPalContext, captureId: string): Dispute[] {
  return [...ctx.state.disputes.values()].filter(
    (d) => ctx.state.disputeMeta.get(d.dispute_id)?.captureId === captureId,
  );
}

function sum(list: Refund[]): number {
  return list.reduce((total, r) => total + toMinor(r.amount), 0);
}

/** What the buyer has got back so far: COMPLETED refunds only (what PayPal's capture status reflects). */
export function completedMinor(ctx: PayPalContext, capture: Capture): number {
  return sum(refundsOf(ctx, capture.id).filter((r) => r.status === 'COMPLETED'));
}

/**
 * Money no longer refundable: COMPLETED and PENDING refunds (a pending refund holds its amount until it
 * settles or fails), and disputed money PayPal has reversed and not reinstated.
 */
export function committedMinor(ctx: PayPalContext, capture: Capture): number {
  const refunded = sum(refundsOf(ctx, capture.id).filter((r) => r.status === 'COMPLETED' || r.status === 'PENDING'));
  const reversed = disputesOf(ctx, capture.id)
    .filter((d) => ctx.state.disputeMeta.get(d.dispute_id)?.fundsWithdrawn)
    .reduce((total, d) => total + toMinor(d.dispute_amount), 0);
  return refunded + reversed;
}

/** Capture status after refunds moved: REFUNDED once completed refunds reach the amount, PARTIALLY_REFUNDED before. */
export function refreshCapture(ctx: PayPalContext, capture: Capture): void {
  if (capture.status !== 'COMPLETED' && capture.status !== 'PARTIALLY_REFUNDED' && capture.status !== 'REFUNDED')
    return;
  const done = completedMinor(ctx, capture);
  const next = done === 0 ? 'COMPLETED' : done >= toMinor(capture.amount) ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  if (next !== capture.status) {
    capture.status = next;
    capture.update_time = isoNow();
  }
  syncOrder(ctx, capture);
}

function emitRefund(ctx: PayPalContext, refund: Refund): void {
  // PayPal's Payments v2 events have no "refund pending/failed" type: every refund state change of a
  // capture arrives as PAYMENT.CAPTURE.REFUNDED, and the resource's status tells which.
  ctx.events.emit(
    'PAYMENT.CAPTURE.REFUNDED',
    'refund',
    `A ${refund.amount.value} ${refund.amount.currency_code} capture payment was refunded`,
    refund as JsonObject,
  );
}

export interface RefundRequest {
  amount?: { money: Money; minor: number };
  invoiceId?: string;
  customId?: string;
  noteToPayer?: string;
  /** Dashboard control only: create the refund PENDING regardless of the capture's setting. */
  status?: 'PENDING';
}

/**
 * `POST /v2/payments/captures/:id/refund` (and the dashboard control): full when no amount, partial
 * otherwise, with PayPal's 422 issues for each refusal (payments_payment_v2.json `captures.refund-422`).
 */
export function refundCapture(ctx: PayPalContext, capture: Capture, req: RefundRequest): Refund {
  if (capture.status === 'PENDING')
    throw unprocessable(
      'payments',
      'PENDING_CAPTURE',
      'Cannot initiate a refund as the capture is pending. Capture is typically pending when the payer has funded the transaction using e-check/bank funded.',
    );
  if (capture.status === 'REFUNDED')
    throw unprocessable('payments', 'CAPTURE_FULLY_REFUNDED', 'The capture has already been fully refunded');
  if (capture.status !== 'COMPLETED' && capture.status !== 'PARTIALLY_REFUNDED')
    throw unprocessable('payments', 'REFUND_NOT_ALLOWED', 'Capture cannot be refunded.');

  const disputes = disputesOf(ctx, capture.id);
  const chargeback = disputes.some((d) => {
    const meta = ctx.state.disputeMeta.get(d.dispute_id);
    return meta?.fundsWithdrawn || (d.dispute_life_cycle_stage !== 'INQUIRY' && d.status !== 'RESOLVED');
  });
  if (chargeback)
    throw unprocessable(
      'payments',
      'REFUND_NOT_PERMITTED_DUE_TO_CHARGEBACK',
      'Refunds are not allowed on this capture due to a chargeback on the card or bank. Please contact the payee to resolve the chargeback.',
    );

  const currency = capture.amount.currency_code;
  if (req.amount && req.amount.money.currency_code !== currency)
    throw unprocessable(
      'payments',
      'REFUND_CAPTURE_CURRENCY_MISMATCH',
      'Refund must be in the same currency as the capture',
    );
  const remaining = toMinor(capture.amount) - committedMinor(ctx, capture);
  const minor = req.amount?.minor ?? remaining;
  if (req.amount && minor <= 0)
    throw unprocessable('payments', 'CANNOT_BE_ZERO_OR_NEGATIVE', 'Must be greater than zero.', [], {
      field: '/amount/value',
      value: req.amount.money.value,
      location: 'body',
    });
  if (minor > remaining || minor <= 0)
    throw unprocessable(
      'payments',
      'REFUND_AMOUNT_EXCEEDED',
      'The refund amount must be less than or equal to the capture amount that has not yet been refunded.',
    );
  const openInquiry = disputes.some((d) => d.dispute_life_cycle_stage === 'INQUIRY' && d.status !== 'RESOLVED');
  if (openInquiry && minor < remaining)
    throw unprocessable(
      'payments',
      'TRANSACTION_DISPUTED',
      'Partial refunds cannot be offered at this time because there is an open case on this transaction. Visit the PayPal Resolution Center to review this case.',
    );
  if (req.invoiceId && [...ctx.state.refunds.values()].some((r) => r.invoice_id === req.invoiceId))
    throw unprocessable('payments', 'DUPLICATE_INVOICE_ID', 'Invoice ID was previously used to refund a capture.');

  const held = req.status === 'PENDING' || ctx.state.captureMeta.get(capture.id)?.holdRefunds === true;
  const status = held ? 'PENDING' : 'COMPLETED';
  const done = completedMinor(ctx, capture);
  const refund = newRefund({
    capture,
    amount: req.amount?.money ?? money(minor, currency),
    totalRefunded: money(done + (status === 'COMPLETED' ? minor : 0), currency),
    status,
    invoiceId: req.invoiceId,
    customId: req.customId,
    noteToPayer: req.noteToPayer,
    api: ctx.baseUrl(),
  });
  ctx.state.refunds.set(refund.id, refund);
  refreshCapture(ctx, capture);
  emitRefund(ctx, refund);
  return refund;
}

/**
 * A PENDING refund clears or fails (`/_sandbox/refunds/:id/settle`). PayPal documents no event for this
 * change; the sandbox sends PAYMENT.CAPTURE.REFUNDED with the new status unless `silent`, so a missed
 * (or never sent) notification can be tested: `GET /v2/payments/refunds/:id` always tells.
 */
export function settleRefund(
  ctx: PayPalContext,
  refund: Refund,
  outcome: 'COMPLETED' | 'FAILED',
  silent = false,
): Refund {
  if (refund.status !== 'PENDING')
    throw unprocessable('payments', 'REFUND_NOT_PENDING', `The refund is ${refund.status}, not PENDING.`);
  const capture = ctx.state.captures.get(upCaptureId(refund) ?? '');
  refund.status = outcome;
  refund.update_time = isoNow();
  if (outcome === 'COMPLETED') delete refund.status_details;
  else refund.status_details = { reason: REFUND_HOLD_REASON };
  if (capture) {
    const breakdown = refund.seller_payable_breakdown as JsonObject;
    breakdown.total_refunded_amount = money(completedMinor(ctx, capture), capture.amount.currency_code);
    refreshCapture(ctx, capture);
  }
  if (!silent) emitRefund(ctx, refund);
  return refund;
}
