import { randomInt } from 'node:crypto';
import { paypalId } from '../shared/ids';
import { JsonObject } from '../shared/json';
import { PayPalContext } from './context';
import { notFound, unprocessable } from './errors';
import { money, toMinor } from './money';
import { MERCHANT, isoNow, link, newReversal } from './objects';
import { committedMinor } from './refunds';
import { Capture, Dispute, DisputeOutcomeCode, Link, Money, Refund } from './types';

/** `dispute_reason` values of the Disputes API (customer_disputes_v1.json). */
export const DISPUTE_REASONS = [
  'MERCHANDISE_OR_SERVICE_NOT_RECEIVED',
  'MERCHANDISE_OR_SERVICE_NOT_AS_DESCRIBED',
  'UNAUTHORISED',
  'CREDIT_NOT_PROCESSED',
  'DUPLICATE_TRANSACTION',
  'INCORRECT_AMOUNT',
  'PAYMENT_BY_OTHER_MEANS',
  'CANCELED_RECURRING_BILLING',
  'PROBLEM_WITH_REMITTANCE',
  'OTHER',
] as const;

/** Days the merchant gets to answer a claim or chargeback before it closes in the buyer's favour [unverified: PayPal shows ~10]. */
const SELLER_RESPONSE_DAYS = 10;

const API = 'customer-disputes';

/** Dispute ids look like `PP-D-4012` / `PP-D-27803` (older ones `PP-000-003-648-191`). */
function newDisputeId(ctx: PayPalContext): string {
  for (;;) {
    const id = `PP-D-${randomInt(10000, 1000000)}`;
    if (!ctx.state.disputes.has(id)) return id;
  }
}

export function getDispute(ctx: PayPalContext, id: string): Dispute {
  const dispute = ctx.state.disputes.get(id);
  if (!dispute) throw notFound(API, 'dispute_id', id);
  return dispute;
}

/** HATEOAS links: what the merchant may do now (the API reference says to act only on links present). */
function disputeLinks(ctx: PayPalContext, d: Dispute): Link[] {
  const self = `${ctx.baseUrl()}/v1/customer/disputes/${d.dispute_id}`;
  const links = [link(self, 'self')];
  if (d.status === 'RESOLVED') return links;
  if (d.status === 'WAITING_FOR_SELLER_RESPONSE')
    links.push(link(`${self}/provide-evidence`, 'provide_evidence', 'POST'));
  links.push(
    link(`${self}/accept-claim`, 'accept_claim', 'POST'),
    link(`${self}/send-message`, 'send_message', 'POST'),
  );
  return links;
}

function touch(ctx: PayPalContext, d: Dispute): void {
  d.update_time = isoNow();
  d.links = disputeLinks(ctx, d);
}

/** The merchant-specific `dispute_state` of the list endpoint, from the overall status and stage. */
export function disputeState(d: Dispute): string {
  switch (d.status) {
    case 'RESOLVED':
      return 'RESOLVED';
    case 'WAITING_FOR_SELLER_RESPONSE':
      return 'REQUIRED_ACTION';
    case 'WAITING_FOR_BUYER_RESPONSE':
      return 'REQUIRED_OTHER_PARTY_ACTION';
    case 'UNDER_REVIEW':
      return 'UNDER_PAYPAL_REVIEW';
    default:
      return d.dispute_life_cycle_stage === 'INQUIRY' ? 'OPEN_INQUIRIES' : 'REQUIRED_ACTION';
  }
}

/** `dispute_info`, the summary the list endpoint returns (`dispute.list.response.json`). */
export function disputeSummary(d: Dispute): JsonObject {
  return {
    dispute_id: d.dispute_id,
    create_time: d.create_time,
    update_time: d.update_time,
    reason: d.reason,
    status: d.status,
    dispute_state: disputeState(d),
    dispute_amount: d.dispute_amount,
    dispute_life_cycle_stage: d.dispute_life_cycle_stage,
    dispute_channel: d.dispute_channel,
    ...(typeof d.seller_response_due_date === 'string' ? { seller_response_due_date: d.seller_response_due_date } : {}),
    links: [d.links[0]],
  };
}

function dueDate(): string {
  return new Date(Date.now() + SELLER_RESPONSE_DAYS * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

type DisputeEvent = 'CUSTOMER.DISPUTE.CREATED' | 'CUSTOMER.DISPUTE.UPDATED' | 'CUSTOMER.DISPUTE.RESOLVED';

const SUMMARY: Record<DisputeEvent, string> = {
  'CUSTOMER.DISPUTE.CREATED': 'A new dispute opened with Case #',
  'CUSTOMER.DISPUTE.UPDATED': 'A dispute was updated with Case #',
  'CUSTOMER.DISPUTE.RESOLVED': 'A dispute was resolved with Case #',
};

function emit(ctx: PayPalContext, type: DisputeEvent, d: Dispute): void {
  ctx.events.emit(type, 'dispute', `${SUMMARY[type]} ${d.dispute_id}`, d);
}

function transaction(d: Dispute): Dispute['disputed_transactions'][number] {
  return d.disputed_transactions[0];
}

function movement(type: 'DEBIT' | 'CREDIT', amount: Money): JsonObject {
  return { affected_party: 'SELLER', amount, initiated_time: isoNow(), type, reason: 'DISPUTE_SETTLEMENT' };
}

/**
 * PayPal takes the disputed money out of the merchant's balance (a chargeback is filed, an inquiry
 * becomes a claim, or a claim is lost/accepted). Returns the refund-shaped reversal to announce with
 * PAYMENT.CAPTURE.REVERSED after the dispute event, or nothing when the money was already out.
 */
function withdraw(ctx: PayPalContext, d: Dispute): Refund | undefined {
  const meta = ctx.state.disputeMeta.get(d.dispute_id);
  const capture = meta && ctx.state.captures.get(meta.captureId);
  if (!meta || !capture || meta.fundsWithdrawn) return undefined;
  const reversal = newReversal(capture, d.dispute_amount, ctx.baseUrl());
  ctx.state.reversals.set(reversal.id, reversal);
  meta.reversalId = reversal.id;
  meta.fundsWithdrawn = true;
  transaction(d).transaction_status = 'REVERSED';
  d.money_movements.push(movement('DEBIT', d.dispute_amount));
  return reversal;
}

/** A chargeback closes in the merchant's favour (or the buyer cancels): the money comes back. */
function reinstate(ctx: PayPalContext, d: Dispute): void {
  const meta = ctx.state.disputeMeta.get(d.dispute_id);
  if (!meta?.fundsWithdrawn) return;
  meta.fundsWithdrawn = false;
  transaction(d).transaction_status = 'COMPLETED';
  d.money_movements.push(movement('CREDIT', d.dispute_amount));
}

function announceReversal(ctx: PayPalContext, reversal: Refund | undefined): void {
  if (!reversal) return;
  const { value, currency_code } = reversal.amount;
  ctx.events.emit(
    'PAYMENT.CAPTURE.REVERSED',
    'refund',
    `A ${value} ${currency_code} capture payment was reversed`,
    reversal as JsonObject,
  );
}

function notAllowed(what: string, d: Dispute): never {
  // PayPal's issue name for an action the dispute's state does not allow is not documented; this one is the sandbox's.
  throw unprocessable(
    API,
    'ACTION_NOT_ALLOWED',
    `${what} is not allowed for a dispute in status ${d.status} (stage ${d.dispute_life_cycle_stage}).`,
  );
}

export interface OpenDisputeInput {
  /** INQUIRY: the buyer asks through PayPal, no money moves. CHARGEBACK: the card issuer takes the money back now. */
  stage: 'INQUIRY' | 'CHARGEBACK';
  reason: string;
  amount?: { money: Money; minor: number };
  message?: string;
}

/** The buyer (or their bank) opens a case on a capture: `CUSTOMER.DISPUTE.CREATED`, and for a chargeback `PAYMENT.CAPTURE.REVERSED`. */
export function openDispute(ctx: PayPalContext, capture: Capture, input: OpenDisputeInput): Dispute {
  if (capture.status !== 'COMPLETED' && capture.status !== 'PARTIALLY_REFUNDED' && capture.status !== 'REFUNDED')
    throw unprocessable(API, 'TRANSACTION_NOT_DISPUTABLE', `A ${capture.status} capture cannot be disputed.`);
  const currency = capture.amount.currency_code;
  if (input.amount && input.amount.money.currency_code !== currency)
    throw unprocessable(API, 'CURRENCY_MISMATCH', 'The disputed amount must be in the currency of the transaction.');
  const remaining = toMinor(capture.amount) - committedMinor(ctx, capture);
  const minor = input.amount?.minor ?? remaining;
  if (minor <= 0 || minor > remaining)
    throw unprocessable(API, 'DISPUTE_AMOUNT_EXCEEDED', 'The disputed amount exceeds what is left of the transaction.');
  const amount = input.amount?.money ?? money(minor, currency);
  const now = isoNow();
  const chargeback = input.stage === 'CHARGEBACK';
  const d: Dispute = {
    dispute_id: newDisputeId(ctx),
    create_time: now,
    update_time: now,
    disputed_transactions: [
      {
        buyer_transaction_id: paypalId(),
        seller_transaction_id: capture.id,
        create_time: capture.create_time,
        transaction_status: 'COMPLETED',
        gross_amount: capture.amount,
        ...(typeof capture.invoice_id === 'string' ? { invoice_number: capture.invoice_id } : {}),
        ...(typeof capture.custom_id === 'string' ? { custom: capture.custom_id } : {}),
        buyer: { name: 'John Doe' },
        seller: { email: MERCHANT.email_address, merchant_id: MERCHANT.merchant_id, name: 'LMS Sandbox' },
        items: [],
        seller_protection_eligible: true,
      },
    ],
    reason: input.reason,
    // A fresh inquiry is OPEN (buyer and merchant talk); a chargeback waits for the merchant's evidence.
    status: chargeback ? 'WAITING_FOR_SELLER_RESPONSE' : 'OPEN',
    dispute_amount: amount,
    dispute_life_cycle_stage: input.stage,
    // Card-issuer chargebacks come from outside PayPal; inquiries are opened in PayPal.
    dispute_channel: chargeback ? 'EXTERNAL' : 'INTERNAL',
    messages: [{ posted_by: 'BUYER', time_posted: now, content: input.message ?? 'I did not get what I paid for.' }],
    money_movements: [],
    ...(chargeback ? { seller_response_due_date: dueDate() } : {}),
    links: [],
  };
  d.links = disputeLinks(ctx, d);
  ctx.state.disputes.set(d.dispute_id, d);
  ctx.state.disputeMeta.set(d.dispute_id, { captureId: capture.id, fundsWithdrawn: false });
  const reversal = chargeback ? withdraw(ctx, d) : undefined;
  emit(ctx, 'CUSTOMER.DISPUTE.CREATED', d);
  announceReversal(ctx, reversal);
  return d;
}

/** The buyer escalates an inquiry to a claim: stage CHARGEBACK, the money is held (`PAYMENT.CAPTURE.REVERSED`). */
export function escalateDispute(ctx: PayPalContext, d: Dispute): Dispute {
  if (d.dispute_life_cycle_stage !== 'INQUIRY' || d.status === 'RESOLVED') notAllowed('Escalation', d);
  d.dispute_life_cycle_stage = 'CHARGEBACK';
  d.status = 'WAITING_FOR_SELLER_RESPONSE';
  d.seller_response_due_date = dueDate();
  d.messages.push({ posted_by: 'BUYER', time_posted: isoNow(), content: 'Escalated to a claim.' });
  const reversal = withdraw(ctx, d);
  touch(ctx, d);
  emit(ctx, 'CUSTOMER.DISPUTE.UPDATED', d);
  announceReversal(ctx, reversal);
  return d;
}

/** `POST …/provide-evidence`: allowed while the case waits for the merchant; PayPal then reviews it. */
export function provideEvidence(ctx: PayPalContext, d: Dispute, evidences: JsonObject[], documents: string[]): Dispute {
  if (d.status !== 'WAITING_FOR_SELLER_RESPONSE') notAllowed('Providing evidence', d);
  const list = Array.isArray(d.evidences) ? d.evidences : [];
  const date = isoNow();
  for (const e of evidences.length ? evidences : [{ evidence_type: 'OTHER' }]) {
    list.push({
      ...e,
      source: 'SUBMITTED_BY_SELLER',
      date,
      ...(documents.length ? { documents: documents.map((name) => ({ name })) } : {}),
    });
  }
  d.evidences = list;
  d.status = 'UNDER_REVIEW';
  touch(ctx, d);
  emit(ctx, 'CUSTOMER.DISPUTE.UPDATED', d);
  return d;
}

/**
 * `POST …/accept-claim`: the merchant accepts liability; the case closes in the buyer's favour and PayPal
 * refunds the buyer from the merchant's balance. The sandbox moves that money as the dispute's reversal
 * (PAYMENT.CAPTURE.REVERSED when it had not moved yet), never as a refund, so it is counted once: as the
 * lost dispute.
 */
export function acceptClaim(ctx: PayPalContext, d: Dispute, note?: string): Dispute {
  if (d.status === 'RESOLVED') notAllowed('Accepting the claim', d);
  return close(ctx, d, 'RESOLVED_BUYER_FAVOUR', note ?? 'Claim accepted.');
}

export type DisputeResolution = 'won' | 'lost' | 'canceled';

/** PayPal (or the issuer) decides, or the buyer cancels: `CUSTOMER.DISPUTE.RESOLVED`. */
export function resolveDispute(ctx: PayPalContext, d: Dispute, outcome: DisputeResolution): Dispute {
  if (d.status === 'RESOLVED') notAllowed('Resolving', d);
  const code: DisputeOutcomeCode =
    outcome === 'won'
      ? 'RESOLVED_SELLER_FAVOUR'
      : outcome === 'canceled'
        ? 'CANCELED_BY_BUYER'
        : 'RESOLVED_BUYER_FAVOUR';
  return close(ctx, d, code);
}

function close(ctx: PayPalContext, d: Dispute, code: DisputeOutcomeCode, sellerNote?: string): Dispute {
  const buyerWins = code === 'RESOLVED_BUYER_FAVOUR';
  const reversal = buyerWins ? withdraw(ctx, d) : undefined;
  if (!buyerWins) reinstate(ctx, d);
  if (sellerNote) d.messages.push({ posted_by: 'SELLER', time_posted: isoNow(), content: sellerNote });
  d.status = 'RESOLVED';
  d.dispute_outcome = { outcome_code: code, ...(buyerWins ? { amount_refunded: d.dispute_amount } : {}) };
  delete d.seller_response_due_date;
  touch(ctx, d);
  emit(ctx, 'CUSTOMER.DISPUTE.RESOLVED', d);
  announceReversal(ctx, reversal);
  return d;
}
