import type { PaymentRef } from '../../domain/events/domain-event';
import { toPayPalAmount } from '../../domain/money';
import { ProviderError } from '../../errors/provider-error';
import type { Logger } from '../../logger';
import { str, type Json } from '../json-reading';
import type { RefundCapability, RefundRequest, RefundResult } from '../payment-provider';
import type { PayPalApi } from './paypal-client';
import { callPayPal } from './paypal-errors';
import { latestCapture, payPalRefundStatus } from './paypal-event-mapper';

/** PayPal's limit for the note shown to the buyer. */
const MAX_NOTE_TO_PAYER = 255;

/** Refunds of an order's capture. */
export class PayPalRefunds implements RefundCapability {
  constructor(
    private readonly api: PayPalApi,
    private readonly logger?: Logger,
  ) {}

  async refund(request: RefundRequest): Promise<RefundResult> {
    const captureId = await this.captureId(request.ref);
    const body: Json = { amount: toPayPalAmount(request.amount) };
    if (request.reason) body.note_to_payer = request.reason.slice(0, MAX_NOTE_TO_PAYER);
    const response = await callPayPal(
      'captures.refund',
      () => this.api.refundCapture(captureId, body, request.idempotencyKey),
      this.logger,
    );
    const refund = response.result ?? {};
    const id = str(refund.id);
    if (!id) {
      throw new ProviderError('unavailable', 'paypal', 'PayPal returned a refund without an id', {
        code: 'provider_error',
        details: { provider: 'paypal' },
      });
    }
    return { providerRefundId: id, status: payPalRefundStatus(refund.status) };
  }

  /** The capture of a payment: from the ref, or the latest capture of its order. */
  private async captureId(ref: PaymentRef): Promise<string> {
    if (ref.providerPaymentId) return ref.providerPaymentId;
    if (ref.providerSessionId) {
      const id = ref.providerSessionId;
      const order = await callPayPal('orders.get', () => this.api.getOrder(id), this.logger);
      const captureId = str(latestCapture(order.result ?? {})?.id);
      if (captureId) return captureId;
    }
    throw new ProviderError('conflict', 'paypal', 'This payment has no PayPal capture to refund', {
      code: 'not_refundable',
    });
  }
}
