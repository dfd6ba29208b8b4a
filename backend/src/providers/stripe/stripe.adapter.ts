import type { IncomingHttpHeaders } from 'node:http';
import type Stripe from 'stripe';
import type { StripeConfig } from '../../config/config';
import type { DomainEvent, PaymentRef } from '../../domain/events/domain-event';
import { toStripeAmount } from '../../domain/money';
import { AppError, ValidationError } from '../../errors/app-error';
import type { Logger } from '../../logger';
import type {
  CheckoutRequest,
  CheckoutSession,
  PaymentProvider,
  ProviderEvent,
  RefundRequest,
  RefundResult,
} from '../payment-provider';
import { checkoutSessionParams, customerCreateParams, customerIdempotencyKey } from './stripe-checkout';
import { createStripeClient, type StripeClient } from './stripe-client';
import { callStripe } from './stripe-errors';
import {
  eventsFromPaymentIntent,
  eventsFromSession,
  normalizeStripeEvent,
  refundResultStatus,
} from './stripe-event-mapper';
import { STRIPE_SIGNATURE_TOLERANCE_SECONDS, verifyStripeWebhook } from './stripe-webhook';

const STRIPE_REFUND_REASONS = new Set(['duplicate', 'fraudulent', 'requested_by_customer']);

export interface StripeAdapterOptions {
  /** Injected SDK client (tests); built from the config otherwise. */
  client?: StripeClient;
  /** Clock for checkout expiry, signature age and fetch times. */
  now?: () => Date;
  webhookToleranceSeconds?: number;
}

export class StripeAdapter implements PaymentProvider {
  readonly name = 'stripe' as const;
  private readonly stripe: StripeClient;
  private readonly now: () => Date;

  constructor(
    private readonly config: StripeConfig,
    private readonly logger?: Logger,
    private readonly options: StripeAdapterOptions = {},
  ) {
    this.stripe = options.client ?? createStripeClient(config);
    this.now = options.now ?? (() => new Date());
  }

  async ensureCustomer(user: { id: string; email: string; name: string }): Promise<string> {
    const customer = await this.call('customers.create', () =>
      this.stripe.customers.create(customerCreateParams(user), { idempotencyKey: customerIdempotencyKey(user.id) }),
    );
    return customer.id;
  }

  async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
    const params = checkoutSessionParams(request, this.now());
    const session = await this.call('checkout.sessions.create', () =>
      this.stripe.checkout.sessions.create(params, { idempotencyKey: request.idempotencyKey }),
    );
    if (!session.url) {
      throw new AppError(502, 'provider_error', 'Stripe returned a Checkout Session without a URL', {
        provider: 'stripe',
      });
    }
    return {
      providerSessionId: session.id,
      checkoutUrl: session.url,
      ...(session.expires_at ? { expiresAt: new Date(session.expires_at * 1000) } : {}),
    };
  }

  /** Stripe Checkout captures on its own. */
  async capture(): Promise<DomainEvent[]> {
    return [];
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    const paymentIntent = await this.paymentIntentId(request.ref);
    const { amount } = toStripeAmount(request.amount);
    const metadata: Record<string, string> = {};
    if (request.ref.paymentId) metadata.payment_id = request.ref.paymentId;
    const params: Stripe.RefundCreateParams = { payment_intent: paymentIntent, amount, metadata };
    if (request.reason && STRIPE_REFUND_REASONS.has(request.reason)) {
      params.reason = request.reason as Stripe.RefundCreateParams.Reason;
    } else if (request.reason) {
      metadata.reason = request.reason.slice(0, 500);
    }
    const refund = await this.call('refunds.create', () =>
      this.stripe.refunds.create(params, { idempotencyKey: request.idempotencyKey }),
    );
    return { providerRefundId: refund.id, status: refundResultStatus(refund.status) };
  }

  async verifyWebhook(rawBody: Buffer, headers: IncomingHttpHeaders): Promise<ProviderEvent> {
    return verifyStripeWebhook(this.stripe, rawBody, headers, {
      secret: this.config.webhookSecret,
      toleranceSeconds: this.options.webhookToleranceSeconds ?? STRIPE_SIGNATURE_TOLERANCE_SECONDS,
      now: this.options.now,
    });
  }

  normalize(event: ProviderEvent): DomainEvent[] {
    return normalizeStripeEvent(event);
  }

  async fetchPaymentState(ref: PaymentRef): Promise<DomainEvent[]> {
    if (ref.providerSessionId) {
      const id = ref.providerSessionId;
      const session = await this.call('checkout.sessions.retrieve', () =>
        this.stripe.checkout.sessions.retrieve(id, { expand: ['payment_intent'] }),
      );
      return eventsFromSession(session as unknown as Record<string, unknown>, this.now());
    }
    if (ref.providerPaymentId) {
      const id = ref.providerPaymentId;
      const intent = await this.call('paymentIntents.retrieve', () => this.stripe.paymentIntents.retrieve(id));
      return eventsFromPaymentIntent(intent as unknown as Record<string, unknown>, this.now());
    }
    throw new ValidationError('A Stripe payment reference needs a session or payment intent id');
  }

  /** The PaymentIntent of a checkout: from the ref, or from its session. */
  private async paymentIntentId(ref: PaymentRef): Promise<string> {
    if (ref.providerPaymentId) return ref.providerPaymentId;
    if (ref.providerSessionId) {
      const id = ref.providerSessionId;
      const session = await this.call('checkout.sessions.retrieve', () => this.stripe.checkout.sessions.retrieve(id));
      const pi = session.payment_intent;
      const piId = typeof pi === 'string' ? pi : pi?.id;
      if (piId) return piId;
    }
    throw new AppError(409, 'not_refundable', 'This payment has no captured Stripe payment to refund');
  }

  private async call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await callStripe(operation, fn);
    } catch (err) {
      if (err instanceof AppError) {
        this.logger?.warn({ provider: 'stripe', operation, code: err.code, status: err.status }, 'Stripe call failed');
      }
      throw err;
    }
  }
}
