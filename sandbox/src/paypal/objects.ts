import { paypalId } from '../shared/ids';
import { JsonObject, clone } from '../shared/json';
import { fee, money, toMinor } from './money';
import { Capture, Link, Money, Order, Plan, Refund, Subscription } from './types';

export const MERCHANT = { email_address: 'merchant@lms-sandbox.example', merchant_id: 'LMSSANDBOX0001' };

export function isoNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function link(href: string, rel: string, method = 'GET'): Link {
  return { href, rel, method };
}

/** Links an order carries in each status (HATEOAS, as PayPal returns them). */
export function orderLinks(order: Order, api: string, web: string): Link[] {
  const self = link(`${api}/v2/checkout/orders/${order.id}`, 'self');
  switch (order.status) {
    case 'CREATED':
      return [
        self,
        link(`${web}/checkoutnow?token=${order.id}`, 'approve'),
        link(self.href, 'update', 'PATCH'),
        link(`${self.href}/capture`, 'capture', 'POST'),
      ];
    case 'PAYER_ACTION_REQUIRED':
      return [self, link(`${web}/checkoutnow?token=${order.id}`, 'payer-action')];
    case 'APPROVED':
      return [
        self,
        link(self.href, 'update', 'PATCH'),
        link(
          `${self.href}/${order.intent === 'CAPTURE' ? 'capture' : 'authorize'}`,
          order.intent === 'CAPTURE' ? 'capture' : 'authorize',
          'POST',
        ),
      ];
    default:
      return [self];
  }
}

/** `Prefer: return=minimal` order: id, status and links only. */
export function minimalOrder(order: Order): JsonObject {
  return { id: order.id, status: order.status, links: clone(order.links) };
}

export interface CaptureInput {
  orderId: string;
  amount: Money;
  status: Capture['status'];
  invoiceId?: string;
  customId?: string;
  api: string;
}

/** Shape of the capture in `order.capture.response.json` / `event.PAYMENT.CAPTURE.COMPLETED.json`. */
export function newCapture(input: CaptureInput): Capture {
  const id = paypalId();
  const now = isoNow();
  const gross = toMinor(input.amount);
  const feeMinor = input.status === 'COMPLETED' ? fee(gross) : 0;
  return {
    id,
    status: input.status,
    ...(input.status === 'PENDING' ? { status_details: { reason: 'PENDING_REVIEW' } } : {}),
    amount: input.amount,
    final_capture: true,
    seller_protection: { status: 'ELIGIBLE', dispute_categories: ['ITEM_NOT_RECEIVED', 'UNAUTHORIZED_TRANSACTION'] },
    disbursement_mode: 'INSTANT',
    seller_receivable_breakdown: {
      gross_amount: input.amount,
      paypal_fee: money(feeMinor, input.amount.currency_code),
      net_amount: money(gross - feeMinor, input.amount.currency_code),
    },
    ...(input.invoiceId ? { invoice_id: input.invoiceId } : {}),
    ...(input.customId ? { custom_id: input.customId } : {}),
    supplementary_data: { related_ids: { order_id: input.orderId } },
    create_time: now,
    update_time: now,
    links: [
      link(`${input.api}/v2/payments/captures/${id}`, 'self'),
      link(`${input.api}/v2/payments/captures/${id}/refund`, 'refund', 'POST'),
      link(`${input.api}/v2/checkout/orders/${input.orderId}`, 'up'),
    ],
  };
}

/** A capture as embedded in an order's purchase unit (no supplementary_data there). */
export function embeddedCapture(capture: Capture): Capture {
  const copy = clone(capture);
  delete copy.supplementary_data;
  return copy;
}

export interface RefundInput {
  capture: Capture;
  amount: Money;
  totalRefunded: Money;
  status: Refund['status'];
  invoiceId?: string;
  customId?: string;
  noteToPayer?: string;
  api: string;
}

/** Why a refund is PENDING or FAILED: PayPal's only documented reason is an eCheck that has not cleared. */
export const REFUND_HOLD_REASON = 'ECHECK';

/** Shape of `refund.get.response.json` (plus `custom_id` and, while not COMPLETED, `status_details`). */
export function newRefund(input: RefundInput): Refund {
  const id = paypalId();
  const now = isoNow();
  const zero = money(0, input.amount.currency_code);
  return {
    id,
    amount: input.amount,
    ...(input.invoiceId ? { invoice_id: input.invoiceId } : {}),
    ...(input.customId ? { custom_id: input.customId } : {}),
    ...(input.noteToPayer ? { note_to_payer: input.noteToPayer } : {}),
    seller_payable_breakdown: {
      gross_amount: input.amount,
      paypal_fee: zero,
      net_amount: input.amount,
      total_refunded_amount: input.totalRefunded,
    },
    status: input.status,
    ...(input.status === 'PENDING' ? { status_details: { reason: REFUND_HOLD_REASON } } : {}),
    create_time: now,
    update_time: now,
    links: [
      link(`${input.api}/v2/payments/refunds/${id}`, 'self'),
      link(`${input.api}/v2/payments/captures/${input.capture.id}`, 'up'),
    ],
  };
}

/**
 * The money PayPal takes back for a chargeback: shaped like a refund (`event.PAYMENT.CAPTURE.REVERSED.json`:
 * its own id, `up` to the capture, note "Payment reversed"), but no refund the merchant asked for.
 */
export function newReversal(capture: Capture, amount: Money, api: string): Refund {
  const id = paypalId();
  const now = isoNow();
  return {
    id,
    amount,
    note_to_payer: 'Payment reversed',
    seller_payable_breakdown: {
      gross_amount: amount,
      paypal_fee: money(0, amount.currency_code),
      net_amount: amount,
      total_refunded_amount: amount,
    },
    status: 'COMPLETED',
    create_time: now,
    update_time: now,
    links: [link(`${api}/v2/payments/refunds/${id}`, 'self'), link(`${api}/v2/payments/captures/${capture.id}`, 'up')],
  };
}

/** The capture a refund-shaped object belongs to, from its `up` link (`…/v2/payments/captures/<id>`). */
export function upCaptureId(refund: Refund): string | undefined {
  const href = refund.links.find((l) => l.rel === 'up')?.href ?? '';
  return /\/v2\/payments\/captures\/([^/?#]+)$/.exec(href)?.[1];
}

export function minimalRefund(refund: Refund): JsonObject {
  return { id: refund.id, status: refund.status, links: clone(refund.links) };
}

/** Links a subscription carries in each status. */
export function subscriptionLinks(sub: Subscription, api: string, web: string, baToken: string): Link[] {
  const self = `${api}/v1/billing/subscriptions/${sub.id}`;
  const common = [link(self, 'edit', 'PATCH'), link(self, 'self')];
  switch (sub.status) {
    case 'APPROVAL_PENDING':
      return [link(`${web}/webapps/billing/subscriptions?ba_token=${baToken}`, 'approve'), ...common];
    case 'ACTIVE':
      return [
        link(`${self}/cancel`, 'cancel', 'POST'),
        ...common,
        link(`${self}/suspend`, 'suspend', 'POST'),
        link(`${self}/capture`, 'capture', 'POST'),
      ];
    case 'SUSPENDED':
      return [link(`${self}/cancel`, 'cancel', 'POST'), ...common, link(`${self}/activate`, 'activate', 'POST')];
    default:
      return common;
  }
}

/** The price of one regular billing cycle of a plan. */
export function regularPrice(plan: Plan): Money {
  const cycle = plan.billing_cycles.find((c) => c.tenure_type === 'REGULAR') ?? plan.billing_cycles[0];
  return cycle.pricing_scheme.fixed_price;
}
