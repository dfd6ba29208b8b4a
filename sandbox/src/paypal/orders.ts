import { paypalPayerId } from '../shared/ids';
import { JsonObject, clone } from '../shared/json';
import { PayPalContext } from './context';
import { notFound, unprocessable } from './errors';
import { fee, money, toMinor } from './money';
import { embeddedCapture, isoNow, link, newCapture, orderLinks, upCaptureId } from './objects';
import { Capture, Instrument, Order } from './types';

const BUYER = { given_name: 'John', surname: 'Doe', email: 'buyer@lms-sandbox.example', country_code: 'US' };

/** PayPal's portable address, as `payer.address` carries it: absent parts are left out, not null. */
export const ADDRESS_FIELDS = [
  'address_line_1',
  'address_line_2',
  'admin_area_2',
  'admin_area_1',
  'postal_code',
  'country_code',
] as const;
export type PayerAddress = Partial<Record<(typeof ADDRESS_FIELDS)[number], string>>;

/** Who approves: the buyer's PayPal account (name, email, address); any part not given is the default buyer's. */
export interface PayerInput {
  given_name?: string;
  surname?: string;
  email_address?: string;
  address?: PayerAddress;
}

export function getOrder(ctx: PayPalContext, id: string): Order {
  const order = ctx.state.orders.get(id);
  if (!order) throw notFound('orders', 'order_id', id);
  return order;
}

function touch(ctx: PayPalContext, order: Order): void {
  order.update_time = isoNow();
  order.links = orderLinks(order, ctx.baseUrl(), ctx.baseUrl());
}

/** The buyer approves on the approval page (or via the control): order APPROVED + `CHECKOUT.ORDER.APPROVED`. */
export function approveOrder(ctx: PayPalContext, order: Order, instrument: Instrument, buyer: PayerInput = {}): Order {
  if (order.status !== 'CREATED' && order.status !== 'PAYER_ACTION_REQUIRED' && order.status !== 'APPROVED') {
    throw unprocessable('orders', 'ORDER_CANNOT_BE_APPROVED', `The order is ${order.status} and cannot be approved.`);
  }
  const meta = ctx.state.orderMeta.get(order.id) ?? {};
  meta.instrument = instrument;
  ctx.state.orderMeta.set(order.id, meta);
  const payerId =
    typeof order.payer === 'object' && order.payer && 'payer_id' in order.payer
      ? String(order.payer.payer_id)
      : paypalPayerId();
  const name = { given_name: buyer.given_name ?? BUYER.given_name, surname: buyer.surname ?? BUYER.surname };
  const email = buyer.email_address ?? BUYER.email;
  const address: JsonObject = {};
  for (const field of ADDRESS_FIELDS) {
    const v = buyer.address?.[field];
    if (v) address[field] = v;
  }
  address.country_code = buyer.address?.country_code ?? BUYER.country_code;
  order.payer = { name, email_address: email, payer_id: payerId, address };
  order.payment_source = {
    paypal: {
      email_address: email,
      account_id: payerId,
      account_status: 'VERIFIED',
      name: { ...name },
      address: { ...address },
    },
  };
  const wasApproved = order.status === 'APPROVED';
  order.status = 'APPROVED';
  touch(ctx, order);
  if (!wasApproved)
    ctx.events.emit('CHECKOUT.ORDER.APPROVED', 'checkout-order', 'An order has been approved by buyer', order);
  return order;
}

/**
 * A capture that does not complete is reported two ways: PAYMENT.CAPTURE.DENIED (the pending payment was
 * denied, e.g. by risk review: the default) and PAYMENT.CAPTURE.DECLINED (the processor or bank declined
 * it). Both leave the capture DECLINED.
 */
export type DeclineEvent = 'PAYMENT.CAPTURE.DENIED' | 'PAYMENT.CAPTURE.DECLINED';

function captureEvent(
  ctx: PayPalContext,
  capture: Capture,
  declineEvent: DeclineEvent = 'PAYMENT.CAPTURE.DENIED',
): void {
  const { amount } = capture;
  const text = `${amount.value} ${amount.currency_code}`;
  if (capture.status === 'COMPLETED')
    ctx.events.emit('PAYMENT.CAPTURE.COMPLETED', 'capture', `Payment completed for ${text}`, capture);
  else if (capture.status === 'DECLINED')
    ctx.events.emit(
      declineEvent,
      'capture',
      declineEvent === 'PAYMENT.CAPTURE.DENIED' ? `Payment denied for ${text}` : `Payment declined for ${text}`,
      capture,
    );
  else if (capture.status === 'PENDING')
    ctx.events.emit('PAYMENT.CAPTURE.PENDING', 'capture', `Payment pending for ${text}`, capture);
}

/**
 * `POST /v2/checkout/orders/:id/capture` with PayPal's errors for each order state and instrument.
 * `declineEvent` names a DECLINED capture's event (a denied review by default; a vaulted wallet's
 * payment the bank refuses is PAYMENT.CAPTURE.DECLINED).
 */
export function captureOrder(ctx: PayPalContext, order: Order, opts: { declineEvent?: DeclineEvent } = {}): Order {
  if (order.status === 'COMPLETED') {
    throw unprocessable(
      'orders',
      'ORDER_ALREADY_CAPTURED',
      "Order already captured.If 'intent=CAPTURE' only one capture per order is allowed.",
    );
  }
  if (order.status !== 'APPROVED') {
    throw unprocessable(
      'orders',
      'ORDER_NOT_APPROVED',
      "Payer has not yet approved the Order for payment. Please redirect the payer to the 'rel':'approve' url returned as part of the HATEOAS links within the Create Order call or provide a valid payment_source in the request.",
    );
  }
  if (order.intent !== 'CAPTURE')
    throw unprocessable(
      'orders',
      'ACTION_DOES_NOT_MATCH_INTENT',
      "Order was created with an intent to 'AUTHORIZE'. Please use 'v2/checkout/orders/order_id/authorize' to complete the transaction.",
    );
  const instrument = ctx.state.orderMeta.get(order.id)?.instrument ?? 'balance';
  if (instrument === 'declined') {
    throw unprocessable(
      'orders',
      'INSTRUMENT_DECLINED',
      "The instrument presented  was either declined by the processor or bank, or it can't be used for this payment.",
      [link(`${ctx.baseUrl()}/checkoutnow?token=${order.id}`, 'redirect')],
    );
  }
  const status: Capture['status'] =
    instrument === 'denied' ? 'DECLINED' : instrument === 'pending' ? 'PENDING' : 'COMPLETED';
  for (const unit of order.purchase_units) {
    const capture = newCapture({
      orderId: order.id,
      amount: unit.amount,
      status,
      invoiceId: unit.invoice_id,
      customId: unit.custom_id,
      api: ctx.baseUrl(),
    });
    ctx.state.captures.set(capture.id, capture);
    unit.payments = { captures: [embeddedCapture(capture)] };
    captureEvent(ctx, capture, opts.declineEvent);
  }
  // A denied or pending capture still completes the order; the capture status tells the outcome.
  order.status = 'COMPLETED';
  touch(ctx, order);
  return order;
}

/**
 * Keeps the copies inside the order in step with the capture resource: its `payments.captures` entry and
 * `payments.refunds`, every refund of the unit's captures (reversals are not refunds and stay out).
 */
export function syncOrder(ctx: PayPalContext, capture: Capture): void {
  const orderId = (capture.supplementary_data as { related_ids: { order_id: string } }).related_ids.order_id;
  const order = ctx.state.orders.get(orderId);
  for (const unit of order?.purchase_units ?? []) {
    const payments = unit.payments;
    if (!payments) continue;
    const i = payments.captures.findIndex((c) => c.id === capture.id);
    if (i < 0) continue;
    payments.captures[i] = embeddedCapture(capture);
    const ids = new Set(payments.captures.map((c) => c.id));
    const refunds = [...ctx.state.refunds.values()].filter((r) => ids.has(upCaptureId(r) ?? ''));
    if (refunds.length) payments.refunds = refunds.map((r) => clone(r));
    else delete payments.refunds;
  }
}

/** A PENDING capture clears or is denied / declined (`/_sandbox/captures/:id/settle`, `…/decline`). */
export function settleCapture(
  ctx: PayPalContext,
  capture: Capture,
  outcome: 'COMPLETED' | 'DECLINED',
  declineEvent: DeclineEvent = 'PAYMENT.CAPTURE.DENIED',
): Capture {
  if (capture.status !== 'PENDING')
    throw unprocessable('payments', 'CAPTURE_NOT_PENDING', `The capture is ${capture.status}, not PENDING.`);
  capture.status = outcome;
  delete capture.status_details;
  capture.update_time = isoNow();
  if (outcome === 'COMPLETED') {
    const gross = toMinor(capture.amount);
    const f = fee(gross);
    capture.seller_receivable_breakdown = {
      gross_amount: capture.amount,
      paypal_fee: money(f, capture.amount.currency_code),
      net_amount: money(gross - f, capture.amount.currency_code),
    };
  }
  syncOrder(ctx, capture);
  captureEvent(ctx, capture, declineEvent);
  return capture;
}
