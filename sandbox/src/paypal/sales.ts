import { paypalId } from '../shared/ids';
import { DECIMAL_PATTERN, decimalToMinor, paypalExponent } from '../shared/money';
import { PayPalContext } from './context';
import { subClock } from './cycles';
import { V1ErrorDetail, v1Error } from './errors';
import { fee, money, toMinor } from './money';
import { link } from './objects';
import { Money, Sale, SaleRefund, Subscription, V1Amount } from './types';

function v1Amount(m: Money): V1Amount {
  return { total: m.value, currency: m.currency_code };
}

function minorOf(a: V1Amount): number {
  return toMinor({ value: a.total, currency_code: a.currency });
}

/**
 * v1 `sale` of a subscription payment, as in recorded `PAYMENT.SALE.COMPLETED` deliveries:
 * `billing_agreement_id` (the `I-…` id), no `parent_payment`, links `self` and `refund`. `custom`
 * carries the subscription's `custom_id` [unverified]. Amounts use PayPal's currency decimals.
 */
export function newSale(
  sub: Subscription,
  amount: Money,
  state: 'completed' | 'denied',
  api: string,
  now: string,
): Sale {
  const id = paypalId();
  const self = `${api}/v1/payments/sale/${id}`;
  return {
    id,
    state,
    amount: { ...v1Amount(amount), details: { subtotal: amount.value } },
    payment_mode: 'INSTANT_TRANSFER',
    protection_eligibility: 'ELIGIBLE',
    protection_eligibility_type: 'ITEM_NOT_RECEIVED_ELIGIBLE,UNAUTHORIZED_PAYMENT_ELIGIBLE',
    ...(state === 'completed'
      ? {
          transaction_fee: {
            value: money(fee(toMinor(amount)), amount.currency_code).value,
            currency: amount.currency_code,
          },
        }
      : {}),
    billing_agreement_id: sub.id,
    ...(typeof sub.custom_id === 'string' ? { custom: sub.custom_id } : {}),
    invoice_number: '',
    create_time: now,
    update_time: now,
    links:
      state === 'completed' ? [link(self, 'self'), link(`${self}/refund`, 'refund', 'POST')] : [link(self, 'self')],
  };
}

/** A subscription payment: `PAYMENT.SALE.COMPLETED`, or `PAYMENT.SALE.DENIED` for a denied one. */
export function recordSale(
  ctx: PayPalContext,
  sub: Subscription,
  amount: Money,
  state: 'completed' | 'denied',
  now: string,
): Sale {
  const sale = newSale(sub, amount, state, ctx.baseUrl(), now);
  ctx.state.sales.set(sale.id, sale);
  if (state === 'completed')
    ctx.events.emit(
      'PAYMENT.SALE.COMPLETED',
      'sale',
      `Payment completed for ${amount.value} ${amount.currency_code}`,
      sale,
    );
  else
    ctx.events.emit(
      'PAYMENT.SALE.DENIED',
      'sale',
      `A ${amount.value} ${amount.currency_code} sale payment was denied`,
      sale,
    );
  return sale;
}

const AMOUNT_ISSUE =
  "Currency amount must be non-negative number, may optionally contain exactly 2 decimal places separated by '.', optional thousands separator ',', limited to 7 digits before the decimal point and currency which is a valid ISO Currency Code";

function invalid(details: V1ErrorDetail[]) {
  return v1Error(400, 'VALIDATION_ERROR', 'Invalid request - see details', details);
}

/** A v1 refund amount `{total, currency}`; VALIDATION_ERROR otherwise. [unverified: the issue texts] */
export function parseV1Amount(raw: unknown): { amount: V1Amount; minor: number } {
  const a = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
  if (!a) throw invalid([{ field: 'amount', issue: 'Required field missing' }]);
  if (typeof a.currency !== 'string' || !/^[A-Z]{3}$/.test(a.currency))
    throw invalid([{ field: 'amount.currency', issue: 'Required field missing' }]);
  if (typeof a.total !== 'string' || !DECIMAL_PATTERN.test(a.total) || a.total.startsWith('-'))
    throw invalid([{ field: 'amount.total', issue: AMOUNT_ISSUE }]);
  const exp = paypalExponent(a.currency);
  const decimals = a.total.includes('.') ? a.total.length - a.total.indexOf('.') - 1 : 0;
  if (exp === 0 && decimals > 0)
    throw invalid([{ field: 'amount.total', issue: `Currency ${a.currency} does not support decimals.` }]);
  const minor = decimals > exp ? null : decimalToMinor(a.total, exp);
  if (minor === null) throw invalid([{ field: 'amount.total', issue: AMOUNT_ISSUE }]);
  if (minor <= 0) throw invalid([{ field: 'amount.total', issue: 'Amount cannot be zero' }]);
  return { amount: { total: a.total, currency: a.currency }, minor };
}

export interface SaleRefundRequest {
  amount?: { amount: V1Amount; minor: number };
  invoiceNumber?: string;
  description?: string;
  reason?: string;
}

export function refundsOfSale(ctx: PayPalContext, saleId: string): SaleRefund[] {
  return [...ctx.state.saleRefunds.values()].filter((r) => r.sale_id === saleId);
}

function clockOfSale(ctx: PayPalContext, sale: Sale): string {
  const sub = ctx.state.subscriptions.get(sale.billing_agreement_id);
  return sub ? subClock(ctx.state, sub) : new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * `POST /v1/payments/sale/:id/refund` (and the dashboard control): no amount = the whole sale,
 * refused once partly refunded, as PayPal's v1 API does. Refusals are v1 errors (400).
 */
export function refundSale(ctx: PayPalContext, sale: Sale, req: SaleRefundRequest): SaleRefund {
  if (sale.state === 'refunded')
    throw v1Error(
      400,
      'TRANSACTION_ALREADY_REFUNDED',
      'Refund transaction refused - this transaction has already been refunded.',
    );
  if (sale.state !== 'completed' && sale.state !== 'partially_refunded')
    throw v1Error(400, 'TRANSACTION_REFUSED', 'This request was refused.');
  const currency = sale.amount.currency;
  const total = minorOf(sale.amount);
  const refunded = refundsOfSale(ctx, sale.id).reduce((sum, r) => sum + minorOf(r.amount), 0);
  if (!req.amount && refunded > 0)
    throw v1Error(
      400,
      'FULL_REFUND_NOT_ALLOWED_AFTER_PARTIAL_REFUND',
      'Full refund refused - partial refund has already been done on this payment.',
    );
  if (req.amount && req.amount.amount.currency !== currency)
    throw v1Error(400, 'TRANSACTION_REFUSED', 'This request was refused.');
  const minor = req.amount?.minor ?? total;
  if (refunded + minor > total)
    throw v1Error(
      400,
      'REFUND_EXCEEDED_TRANSACTION_AMOUNT',
      'Refund refused - the requested refund amount would exceed the amount of transaction being refunded.',
    );
  const now = clockOfSale(ctx, sale);
  const id = paypalId();
  const amount = money(minor, currency);
  const api = ctx.baseUrl();
  const refund: SaleRefund = {
    id,
    create_time: now,
    update_time: now,
    state: 'completed',
    amount: v1Amount(amount),
    // PayPal keeps its fee on refunds [unverified for every market]: the whole amount comes from the received money.
    refund_from_transaction_fee: { currency, value: money(0, currency).value },
    refund_from_received_amount: { currency, value: amount.value },
    total_refunded_amount: { currency, value: money(refunded + minor, currency).value },
    refund_to_payer: { currency, value: amount.value },
    sale_id: sale.id,
    ...(typeof sale.parent_payment === 'string' ? { parent_payment: sale.parent_payment } : {}),
    ...(req.invoiceNumber ? { invoice_number: req.invoiceNumber } : {}),
    ...(req.description ? { description: req.description } : {}),
    ...(req.reason ? { reason: req.reason } : {}),
    links: [link(`${api}/v1/payments/refund/${id}`, 'self'), link(`${api}/v1/payments/sale/${sale.id}`, 'sale')],
  };
  ctx.state.saleRefunds.set(id, refund);
  sale.state = refunded + minor >= total ? 'refunded' : 'partially_refunded';
  sale.update_time = now;
  ctx.events.emit(
    'PAYMENT.SALE.REFUNDED',
    'refund',
    `A ${amount.value} ${currency} sale payment was refunded`,
    refund,
    { resourceVersion: null },
  );
  return refund;
}
