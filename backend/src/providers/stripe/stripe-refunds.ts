import type Stripe from 'stripe';
import type { PaymentRef } from '../../domain/events/domain-event';
import { toStripeAmount } from '../../domain/money';
import { ProviderError } from '../../errors/provider-error';
import type { Logger } from '../../logger';
import type { RefundCapability, RefundRequest, RefundResult } from '../payment-provider';
import type { StripeClient } from './stripe-client';
import { callStripe } from './stripe-errors';
import { stripeRefundStatus } from './stripe-event-mapper';

const STRIPE_REFUND_REASONS = new Set(['duplicate', 'fraudulent', 'requested_by_customer']);

/** Stripe's limit for a metadata value. */
const MAX_METADATA_VALUE = 500;

/** Refunds of a checkout's PaymentIntent. */
export class StripeRefunds implements RefundCapability {
  constructor(
    private readonly stripe: StripeClient,
    private readonly logger?: Logger,
  ) {}

  async refund(request: RefundRequest): Promise<RefundResult> {
    const paymentIntent = await this.paymentIntentId(request.ref);
    const { amount } = toStripeAmount(request.amount);
    const metadata: Record<string, string> = {};
    if (request.ref.paymentId) metadata.payment_id = request.ref.paymentId;
    const params: Stripe.RefundCreateParams = { payment_intent: paymentIntent, amount, metadata };
    if (request.reason && STRIPE_REFUND_REASONS.has(request.reason)) {
      params.reason = request.reason as Stripe.RefundCreateParams.Reason;
    } else if (request.reason) {
      metadata.reason = request.reason.slice(0, MAX_METADATA_VALUE);
    }
    const refund = await callStripe(
      'refunds.create',
      () => this.stripe.refunds.create(params, { idempotencyKey: request.idempotencyKey }),
      this.logger,
    );
    return { providerRefundId: refund.id, status: stripeRefundStatus(refund.status) };
  }

  /** The PaymentIntent of a checkout: from the ref, or from its session. */
  private async paymentIntentId(ref: PaymentRef): Promise<string> {
    if (ref.providerPaymentId) return ref.providerPaymentId;
    if (ref.providerSessionId) {
      const id = ref.providerSessionId;
      const session = await callStripe(
        'checkout.sessions.retrieve',
        () => this.stripe.checkout.sessions.retrieve(id),
        this.logger,
      );
      const pi = session.payment_intent;
      const piId = typeof pi === 'string' ? pi : pi?.id;
      if (piId) return piId;
    }
    throw new ProviderError('conflict', 'stripe', 'This payment has no captured Stripe payment to refund', {
      code: 'not_refundable',
    });
  }
}
