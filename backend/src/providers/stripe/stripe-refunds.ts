import type Stripe from 'stripe';
import type { PaymentRef, RefundUpdated } from '../../domain/events/domain-event';
import { toStripeAmount } from '../../domain/money';
import { ProviderError } from '../../errors/provider-error';
import type { Logger } from '../../logger';
import type { RefundCapability, RefundRequest } from '../payment-provider';
import type { StripeClient } from './stripe-client';
import { callStripe } from './stripe-errors';
import { refundEvent } from './stripe-event-mapper';
import { paymentIntentOfInvoice } from './stripe-subscriptions';

const STRIPE_REFUND_REASONS = new Set(['duplicate', 'fraudulent', 'requested_by_customer']);

/** Stripe's limit for a metadata value. */
const MAX_METADATA_VALUE = 500;

/** Stripe's largest page; a payment has few refunds, so one page is the usual case. */
const REFUND_PAGE_SIZE = 100;

/**
 * The refund parameters: our payment and refund ids in metadata, so every refund event links back
 * to our rows; Stripe's reason enum when ours is one of its values, otherwise our free text kept
 * in metadata (Stripe rejects other reasons).
 */
export function refundCreateParams(request: RefundRequest, paymentIntent: string): Stripe.RefundCreateParams {
  const { amount } = toStripeAmount(request.amount);
  const metadata: Record<string, string> = { refund_id: request.refundId };
  if (request.ref.paymentId) metadata.payment_id = request.ref.paymentId;
  const params: Stripe.RefundCreateParams = { payment_intent: paymentIntent, amount, metadata };
  if (request.reason && STRIPE_REFUND_REASONS.has(request.reason)) {
    params.reason = request.reason as Stripe.RefundCreateParams.Reason;
  } else if (request.reason) {
    metadata.reason = request.reason.slice(0, MAX_METADATA_VALUE);
  }
  return params;
}

export interface StripeRefundsOptions {
  now: () => Date;
  logger?: Logger;
}

/** Refunds of a payment's PaymentIntent (a checkout's, or a subscription invoice's): create, fetch one, list all of a payment. */
export class StripeRefunds implements RefundCapability {
  constructor(
    private readonly stripe: StripeClient,
    private readonly options: StripeRefundsOptions,
  ) {}

  async refund(request: RefundRequest): Promise<RefundUpdated> {
    const paymentIntent = await this.paymentIntentId(request.ref);
    if (!paymentIntent) {
      throw new ProviderError('conflict', 'stripe', 'This payment has no captured Stripe payment to refund', {
        code: 'not_refundable',
      });
    }
    const params = refundCreateParams(request, paymentIntent);
    const refund = await callStripe(
      'refunds.create',
      () => this.stripe.refunds.create(params, { idempotencyKey: request.idempotencyKey }),
      this.options.logger,
    );
    return this.toEvent(refund, request.ref, 'refunds.create');
  }

  async getRefund(providerRefundId: string, ref: PaymentRef): Promise<RefundUpdated> {
    const refund = await callStripe(
      'refunds.retrieve',
      () => this.stripe.refunds.retrieve(providerRefundId),
      this.options.logger,
    );
    return this.toEvent(refund, ref, 'refunds.retrieve');
  }

  async listRefunds(ref: PaymentRef): Promise<RefundUpdated[]> {
    const paymentIntent = await this.paymentIntentId(ref);
    // A session never paid has no PaymentIntent, so nothing can have been refunded.
    if (!paymentIntent) return [];
    const out: RefundUpdated[] = [];
    let startingAfter: string | undefined;
    for (;;) {
      const params: Stripe.RefundListParams = {
        payment_intent: paymentIntent,
        limit: REFUND_PAGE_SIZE,
        ...(startingAfter ? { starting_after: startingAfter } : {}),
      };
      const page = await callStripe('refunds.list', () => this.stripe.refunds.list(params), this.options.logger);
      for (const refund of page.data)
        out.push(this.toEvent(refund, { ...ref, providerPaymentId: paymentIntent }, 'refunds.list'));
      const last = page.data.at(-1);
      if (!page.has_more || !last) return out;
      startingAfter = last.id;
    }
  }

  private toEvent(refund: Stripe.Refund, ref: PaymentRef, operation: string): RefundUpdated {
    const event = refundEvent(refund as unknown as Record<string, unknown>, this.options.now(), ref);
    if (!event) {
      throw new ProviderError('unavailable', 'stripe', 'Stripe returned a refund we cannot read', {
        code: 'provider_error',
        details: { provider: 'stripe', operation },
      });
    }
    return event;
  }

  /**
   * The PaymentIntent of a payment: from the ref, or from its session (none while unpaid). A
   * subscription cycle's payment knows its invoice (`providerSessionId`) and maybe not its
   * PaymentIntent. Quirk: since API basil the invoice no longer carries it; its InvoicePayments do.
   */
  private async paymentIntentId(ref: PaymentRef): Promise<string | undefined> {
    if (ref.providerPaymentId) return ref.providerPaymentId;
    if (ref.kind === 'subscription' && ref.providerSessionId) {
      return paymentIntentOfInvoice(this.stripe, ref.providerSessionId, this.options.logger);
    }
    if (ref.providerSessionId) {
      const id = ref.providerSessionId;
      const session = await callStripe(
        'checkout.sessions.retrieve',
        () => this.stripe.checkout.sessions.retrieve(id),
        this.options.logger,
      );
      const pi = session.payment_intent;
      return (typeof pi === 'string' ? pi : pi?.id) ?? undefined;
    }
    throw new ProviderError(
      'invalid_request',
      'stripe',
      'A Stripe payment reference needs a session or payment intent id',
      {
        code: 'validation_failed',
      },
    );
  }
}
