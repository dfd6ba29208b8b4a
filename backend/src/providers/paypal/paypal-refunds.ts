import type { PaymentRef, RefundUpdated } from '../../domain/events/domain-event';
import { toPayPalAmount } from '../../domain/money';
import { ProviderError } from '../../errors/provider-error';
import type { Logger } from '../../logger';
import { arr, compactRef, obj, str, type Json } from '../json-reading';
import type { RefundCapability, RefundRequest } from '../payment-provider';
import { PayPalHttpError, type PayPalApi } from './paypal-client';
import { callPayPal, reportPayPalError } from './paypal-errors';
import { captureRef, latestCapture, linkedId, refundUpdated } from './paypal-event-mapper';
import { saleRefundUpdated } from './paypal-subscription-mapper';

/** PayPal's limit for the note shown to the buyer. */
const MAX_NOTE_TO_PAYER = 255;
/** PayPal's limit for a v1 sale refund's description. */
const MAX_SALE_REFUND_DESCRIPTION = 255;

/** The v1 sale of a subscription payment: its PayPal payment id (the sale id is also its "invoice" id). */
function saleIdOf(ref: PaymentRef): string {
  const id = ref.providerPaymentId ?? ref.providerSessionId;
  if (!id) {
    throw new ProviderError('conflict', 'paypal', 'This subscription payment has no PayPal sale to refund', {
      code: 'not_refundable',
    });
  }
  return id;
}

export interface PayPalRefundsOptions {
  now: () => Date;
  logger?: Logger;
}

function unusable(what: string): ProviderError {
  return new ProviderError('unavailable', 'paypal', `PayPal returned ${what}`, {
    code: 'provider_error',
    details: { provider: 'paypal' },
  });
}

/** Refunds of an order's capture (a subscription cycle's v1 sale): create, read one, list an order's. */
export class PayPalRefunds implements RefundCapability {
  constructor(
    private readonly api: PayPalApi,
    private readonly options: PayPalRefundsOptions,
  ) {}

  /**
   * `POST /v2/payments/captures/{id}/refund` with our idempotency key as PayPal-Request-Id (a retry
   * replays the first answer), `custom_id` = our payment id and `invoice_id` = our refund id, so every
   * later refund event and listing links back to both.
   */
  async refund(request: RefundRequest): Promise<RefundUpdated> {
    if (request.ref.kind === 'subscription') return this.refundSale(request);
    const captureId = await this.captureId(request.ref);
    const body: Json = { amount: toPayPalAmount(request.amount), invoice_id: request.refundId };
    if (request.ref.paymentId) body.custom_id = request.ref.paymentId;
    if (request.reason) body.note_to_payer = request.reason.slice(0, MAX_NOTE_TO_PAYER);
    const ref = compactRef({ ...request.ref, providerPaymentId: captureId });
    let refund: Json;
    try {
      refund = (await this.api.refundCapture(captureId, body, request.idempotencyKey)).result ?? {};
    } catch (err) {
      // Our refund id is the invoice_id, unique per refund at PayPal: DUPLICATE_INVOICE_ID after the
      // request id expired (45 days) or from a second request id means the refund exists. Report it.
      if (err instanceof PayPalHttpError && err.issues.includes('DUPLICATE_INVOICE_ID')) {
        const existing = (await this.listRefunds(ref)).find((r) => r.refundId === request.refundId);
        if (existing) return existing;
      }
      throw reportPayPalError(err, 'captures.refund', this.options.logger);
    }
    // `Prefer: return=representation` gives the whole refund; should PayPal answer minimally (id, status,
    // links), what we sent fills the rest.
    const event = refundUpdated({ ...body, ...refund }, this.options.now(), ref);
    if (!event) throw unusable('a refund without an id');
    return { ...event, refundId: request.refundId };
  }

  /**
   * A subscription cycle is a v1 sale, and PayPal refunds sales only through the v1 API:
   * `POST /v1/payments/sale/{id}/refund` with our key as PayPal-Request-Id and our refund id as
   * `invoice_number` (which PAYMENT.SALE.REFUNDED carries back).
   */
  private async refundSale(request: RefundRequest): Promise<RefundUpdated> {
    const saleId = saleIdOf(request.ref);
    const { value, currency_code } = toPayPalAmount(request.amount);
    const body: Json = { amount: { total: value, currency: currency_code }, invoice_number: request.refundId };
    if (request.reason) body.description = request.reason.slice(0, MAX_SALE_REFUND_DESCRIPTION);
    const response = await callPayPal(
      'sale.refund',
      () => this.api.refundSale(saleId, body, request.idempotencyKey),
      this.options.logger,
    );
    // Should PayPal answer without the amount or our invoice number, what we sent fills them.
    const event = saleRefundUpdated({ ...body, sale_id: saleId, ...(response.result ?? {}) }, this.options.now(), {
      ...request.ref,
      providerPaymentId: saleId,
    });
    if (!event) throw unusable('a sale refund without an id');
    return { ...event, refundId: request.refundId };
  }

  /** `GET /v2/payments/refunds/{id}` (a sale's: `GET /v1/payments/refund/{id}`): a pending refund's current state (reconciliation). */
  async getRefund(providerRefundId: string, ref: PaymentRef): Promise<RefundUpdated> {
    if (ref.kind === 'subscription') {
      const response = await callPayPal(
        'sale.refunds.get',
        () => this.api.getSaleRefund(providerRefundId),
        this.options.logger,
      );
      const refund = saleRefundUpdated(response.result ?? {}, this.options.now(), ref);
      if (!refund) throw unusable('a sale refund without an id or amount');
      return refund;
    }
    const response = await callPayPal('refunds.get', () => this.api.getRefund(providerRefundId), this.options.logger);
    const refund = refundUpdated(response.result ?? {}, this.options.now(), ref);
    if (!refund) throw unusable('a refund without an id or amount');
    return refund;
  }

  /**
   * Every refund of the payment's order (ours and the dashboard's), from `GET /v2/checkout/orders/{id}`
   * `purchase_units[].payments.refunds`. Reversals (chargebacks) are not refunds and are not listed.
   */
  async listRefunds(ref: PaymentRef): Promise<RefundUpdated[]> {
    // Limitation: the v1 API has no list of a sale's refunds, and `GET /v1/payments/sale/{id}` shows
    // only its state (partially_refunded, refunded), not the refunds. A subscription payment's
    // refunds are known from our refund answers and PAYMENT.SALE.REFUNDED; none can be listed here.
    if (ref.kind === 'subscription') return [];
    const orderId = ref.providerSessionId ?? (await this.orderIdOfCapture(ref));
    const order = (await callPayPal('orders.get', () => this.api.getOrder(orderId), this.options.logger)).result ?? {};
    const now = this.options.now();
    const out: RefundUpdated[] = [];
    for (const unit of arr(order.purchase_units)) {
      const payments = obj(unit.payments);
      const captures = arr(payments?.captures);
      const fallback = compactRef({
        paymentId: ref.paymentId ?? str(unit.custom_id),
        providerSessionId: orderId,
        // An embedded refund without an `up` link belongs to the unit's only capture.
        providerPaymentId: captures.length === 1 ? str(captures[0].id) : undefined,
      });
      for (const r of arr(payments?.refunds)) {
        const refund = refundUpdated(r, now, fallback);
        if (refund) out.push({ ...refund, ref: { ...fallback, ...refund.ref } });
      }
    }
    return out;
  }

  /** The capture of a payment: from the ref, or the latest capture of its order. */
  private async captureId(ref: PaymentRef): Promise<string> {
    if (ref.providerPaymentId) return ref.providerPaymentId;
    if (ref.providerSessionId) {
      const id = ref.providerSessionId;
      const order = await callPayPal('orders.get', () => this.api.getOrder(id), this.options.logger);
      const captureId = str(latestCapture(order.result ?? {})?.id);
      if (captureId) return captureId;
    }
    throw new ProviderError('conflict', 'paypal', 'This payment has no PayPal capture to refund', {
      code: 'not_refundable',
    });
  }

  /** The order a capture belongs to (`supplementary_data.related_ids.order_id`, or its `up` link). */
  private async orderIdOfCapture(ref: PaymentRef): Promise<string> {
    const captureId = ref.providerPaymentId;
    if (!captureId) {
      throw new ProviderError('invalid_request', 'paypal', 'Listing PayPal refunds needs the order or capture id', {
        code: 'validation_failed',
      });
    }
    const capture =
      (await callPayPal('captures.get', () => this.api.getCapture(captureId), this.options.logger)).result ?? {};
    const orderId = captureRef(capture).providerSessionId ?? linkedId(capture, 'up', '/checkout/orders/');
    if (!orderId) throw unusable('a capture without its order');
    return orderId;
  }
}
