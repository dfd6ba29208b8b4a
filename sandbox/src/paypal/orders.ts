import { paypalPayerId } from '../shared/ids';
import { JsonObject } from '../shared/json';
import { PayPalContext } from './context';
import { notFound, unprocessable } from './errors';
import { fee, money, toMinor } from './money';
import { embeddedCapture, isoNow, link, newCapture, newRefund, orderLinks } from './objects';
import { Capture, Instrument, Money, Order, Refund } from './types';

const BUYER = { given_name: 'John', surname: 'Doe', email: 'buyer@lms-sandbox.example' };

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
export function approveOrder(ctx: PayPalContext, order: Order, instrument: Instrument): Order {
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
  order.payer = {
    name: { given_name: BUYER.given_name, surname: BUYER.surname },
    email_address: BUYER.email,
    payer_id: payerId,
    address: { country_code: 'US' },
  };
  order.payment_source = {
    paypal: {
      email_address: BUYER.email,
      account_id: payerId,
      account_status: 'VERIFIED',
      name: { given_name: BUYER.given_name, surname: BUYER.surname },
      address: { country_code: 'US' },
    },
  };
  const wasApproved = order.status === 'APPROVED';
  order.status = 'APPROVED';
  touch(ctx, order);
  if (!wasApproved)
    ctx.events.emit('CHECKOUT.ORDER.APPROVED', 'checkout-order', 'An order has been approved by buyer', order);
  return order;
}

function captureEvent(ctx: PayPalContext, capture: Capture): void {
  const { amount } = capture;
  const text = `${amount.value} ${amount.currency_code}`;
  if (capture.status === 'COMPLETED')
    ctx.events.emit('PAYMENT.CAPTURE.COMPLETED', 'capture', `Payment completed for ${text}`, capture);
  else if (capture.status === 'DECLINED')
    ctx.events.emit('PAYMENT.CAPTURE.DENIED', 'capture', `Payment denied for ${text}`, capture);
  else if (capture.status === 'PENDING')
    ctx.events.emit('PAYMENT.CAPTURE.PENDING', 'capture', `Payment pending for ${text}`, capture);
}

/** `POST /v2/checkout/orders/:id/capture` with PayPal's errors for each order state and instrument. */
export function captureOrder(ctx: PayPalContext, order: Order): Order {
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
    captureEvent(ctx, capture);
  }
  // A denied or pending capture still completes the order; the capture status tells the outcome.
  order.status = 'COMPLETED';
  touch(ctx, order);
  return order;
}

/** Keeps the copy inside the order in step with the capture resource. */
function syncOrder(ctx: PayPalContext, capture: Capture): void {
  const orderId = (capture.supplementary_data as { related_ids: { order_id: string } }).related_ids.order_id;
  const order = ctx.state.orders.get(orderId);
  for (const unit of order?.purchase_units ?? []) {
    const list = unit.payments?.captures ?? [];
    const i = list.findIndex((c) => c.id === capture.id);
    if (i >= 0) list[i] = embeddedCapture(capture);
  }
}

/** A PENDING capture clears or is denied (`/_sandbox/captures/:id/settle`). */
export function settleCapture(ctx: PayPalContext, capture: Capture, outcome: 'COMPLETED' | 'DECLINED'): Capture {
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
  captureEvent(ctx, capture);
  return capture;
}

function refundedSoFar(ctx: PayPalContext, capture: Capture): number {
  let total = 0;
  for (const r of ctx.state.refunds.values()) {
    const up = r.links.find((l) => l.rel === 'up')?.href ?? '';
    if (up.endsWith(`/captures/${capture.id}`)) total += toMinor(r.amount);
  }
  return total;
}

export interface RefundRequest {
  amount?: { money: Money; minor: number };
  invoiceId?: string;
  customId?: string;
  noteToPayer?: string;
}

/** `POST /v2/payments/captures/:id/refund`: full when no amount, partial otherwise. */
export function refundCapture(ctx: PayPalContext, capture: Capture, req: RefundRequest): Refund {
  if (capture.status === 'REFUNDED')
    throw unprocessable('payments', 'CAPTURE_FULLY_REFUNDED', 'The capture has already been fully refunded');
  if (capture.status === 'PENDING')
    throw unprocessable('payments', 'PENDING_CAPTURE', 'Cannot initiate a refund as the capture is pending.');
  if (capture.status !== 'COMPLETED' && capture.status !== 'PARTIALLY_REFUNDED') {
    throw unprocessable('payments', 'REFUND_NOT_ALLOWED', 'Refund cannot be issued for this capture.');
  }
  const gross = toMinor(capture.amount);
  const already = refundedSoFar(ctx, capture);
  const remaining = gross - already;
  const currency = capture.amount.currency_code;
  if (req.amount && req.amount.money.currency_code !== currency) {
    throw unprocessable(
      'payments',
      'REFUND_CAPTURE_CURRENCY_MISMATCH',
      'Refund must be in the same currency as the capture.',
    );
  }
  const minor = req.amount?.minor ?? remaining;
  if (minor <= 0)
    throw unprocessable('payments', 'INVALID_REFUND_AMOUNT', 'The refund amount must be a positive amount.');
  if (minor > remaining) {
    throw unprocessable(
      'payments',
      'REFUND_AMOUNT_EXCEEDED',
      'The refund amount must be less than or equal to the capture amount that has not yet been refunded.',
    );
  }
  const refund = newRefund({
    capture,
    amount: req.amount?.money ?? money(minor, currency),
    totalRefunded: money(already + minor, currency),
    invoiceId: req.invoiceId,
    customId: req.customId,
    noteToPayer: req.noteToPayer,
    api: ctx.baseUrl(),
  });
  ctx.state.refunds.set(refund.id, refund);
  capture.status = already + minor >= gross ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  capture.update_time = isoNow();
  syncOrder(ctx, capture);
  ctx.events.emit(
    'PAYMENT.CAPTURE.REFUNDED',
    'refund',
    `A ${refund.amount.value} ${currency} capture payment was refunded`,
    refund as JsonObject,
  );
  return refund;
}
