import type { IncomingHttpHeaders } from 'node:http';
import type { PayPalConfig } from '../../config/config';
import type { DomainEvent, PaymentRef } from '../../domain/events/domain-event';
import { toPayPalAmount } from '../../domain/money';
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
import { createPayPalClient, PayPalHttpError, type PayPalApi } from './paypal-client';
import { translatePayPalError } from './paypal-errors';
import {
  eventsFromCapture,
  eventsFromOrder,
  latestCapture,
  normalizePayPalEvent,
  parsePayPalTime,
  refundResultStatus,
} from './paypal-event-mapper';
import { PayPalWebhookVerifier, type CertFetcher } from './paypal-webhook';

type Json = Record<string, unknown>;

/** PayPal's limits for these purchase-unit fields. */
const MAX_DESCRIPTION = 127;
const MAX_NOTE_TO_PAYER = 255;

export interface PayPalAdapterOptions {
  /** Injected API (tests); built from the config otherwise. */
  api?: PayPalApi;
  fetchCert?: CertFetcher;
  now?: () => Date;
  maxTransmissionAgeSeconds?: number;
  brandName?: string;
}

/** The order body for one pending payment: CAPTURE intent, one purchase unit pointing back at it. */
export function orderCreateBody(request: CheckoutRequest, brandName?: string): Json {
  return {
    intent: 'CAPTURE',
    purchase_units: [
      {
        reference_id: request.paymentId,
        custom_id: request.paymentId,
        invoice_id: request.paymentId,
        description: request.description.slice(0, MAX_DESCRIPTION),
        amount: toPayPalAmount(request.amount),
      },
    ],
    payment_source: {
      paypal: {
        experience_context: {
          return_url: request.successUrl,
          cancel_url: request.cancelUrl,
          user_action: 'PAY_NOW',
          shipping_preference: 'NO_SHIPPING',
          ...(brandName ? { brand_name: brandName.slice(0, 127) } : {}),
        },
      },
    },
  };
}

function approvalLink(order: Json): string | undefined {
  const links = Array.isArray(order.links) ? (order.links as Json[]) : [];
  const link = links.find((l) => l?.rel === 'approve') ?? links.find((l) => l?.rel === 'payer-action');
  return typeof link?.href === 'string' ? link.href : undefined;
}

export class PayPalAdapter implements PaymentProvider {
  readonly name = 'paypal' as const;
  private readonly api: PayPalApi;
  private readonly verifier: PayPalWebhookVerifier;
  private readonly now: () => Date;

  constructor(
    config: PayPalConfig,
    private readonly logger?: Logger,
    private readonly options: PayPalAdapterOptions = {},
  ) {
    this.api = options.api ?? createPayPalClient(config);
    this.now = options.now ?? (() => new Date());
    this.verifier = new PayPalWebhookVerifier({
      webhookId: config.webhookId,
      sandboxBase: config.apiBase,
      fetchCert: options.fetchCert,
      now: options.now,
      maxTransmissionAgeSeconds: options.maxTransmissionAgeSeconds,
    });
  }

  /** PayPal has no customer object for one-off orders. */
  async ensureCustomer(): Promise<undefined> {
    return undefined;
  }

  async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
    const body = orderCreateBody(request, this.options.brandName);
    const response = await this.call('orders.create', () => this.api.createOrder(body, request.idempotencyKey));
    const order = response.result ?? {};
    const id = typeof order.id === 'string' ? order.id : undefined;
    const url = approvalLink(order);
    if (!id || !url) {
      throw new AppError(502, 'provider_error', 'PayPal returned an order without an id or approval link', {
        provider: 'paypal',
      });
    }
    return { providerSessionId: id, checkoutUrl: url };
  }

  async capture(ref: PaymentRef, idempotencyKey: string): Promise<DomainEvent[]> {
    const orderId = ref.providerSessionId;
    if (!orderId) throw new ValidationError('A PayPal capture needs the order id');
    try {
      const response = await this.api.captureOrder(orderId, idempotencyKey);
      return this.orderEvents(response.result ?? {}, ref);
    } catch (err) {
      if (err instanceof PayPalHttpError && err.statusCode === 422) {
        const issues = new Set(err.issues);
        if (issues.has('INSTRUMENT_DECLINED')) {
          return [
            {
              kind: 'PaymentFailed',
              provider: 'paypal',
              occurredAt: this.now(),
              ref: { ...ref, providerSessionId: orderId },
              failureCode: 'instrument_declined',
              failureReason:
                'PayPal declined the funding source the buyer chose; they can return to PayPal and pay with another one',
            },
          ];
        }
        if (issues.has('ORDER_ALREADY_CAPTURED')) {
          // Captured before (by the webhook path or a retry): report what that capture became.
          const order = await this.call('orders.get', () => this.api.getOrder(orderId));
          return this.orderEvents(order.result ?? {}, ref);
        }
      }
      throw this.translate(err, 'orders.capture');
    }
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    const captureId = await this.captureId(request.ref);
    const body: Json = { amount: toPayPalAmount(request.amount) };
    if (request.reason) body.note_to_payer = request.reason.slice(0, MAX_NOTE_TO_PAYER);
    const response = await this.call('captures.refund', () =>
      this.api.refundCapture(captureId, body, request.idempotencyKey),
    );
    const refund = response.result ?? {};
    if (typeof refund.id !== 'string') {
      throw new AppError(502, 'provider_error', 'PayPal returned a refund without an id', { provider: 'paypal' });
    }
    return { providerRefundId: refund.id, status: refundResultStatus(refund.status) };
  }

  verifyWebhook(rawBody: Buffer, headers: IncomingHttpHeaders): Promise<ProviderEvent> {
    return this.verifier.verify(rawBody, headers);
  }

  normalize(event: ProviderEvent): DomainEvent[] {
    return normalizePayPalEvent(event);
  }

  async fetchPaymentState(ref: PaymentRef): Promise<DomainEvent[]> {
    if (ref.providerSessionId) {
      const id = ref.providerSessionId;
      const order = await this.call('orders.get', () => this.api.getOrder(id));
      return eventsFromOrder(order.result ?? {}, this.now()).map((e) => withFallbackRef(e, ref));
    }
    if (ref.providerPaymentId) {
      const id = ref.providerPaymentId;
      const capture = await this.call('captures.get', () => this.api.getCapture(id));
      return eventsFromCapture(capture.result ?? {}, this.now(), ref);
    }
    throw new ValidationError('A PayPal payment reference needs an order or capture id');
  }

  /** Capture outcome from an order (capture response or fetched order), timed by the capture. */
  private orderEvents(order: Json, ref: PaymentRef): DomainEvent[] {
    const capture = latestCapture(order);
    const occurredAt = parsePayPalTime(capture?.update_time) ?? parsePayPalTime(capture?.create_time) ?? this.now();
    return eventsFromOrder(order, occurredAt).map((e) => withFallbackRef(e, ref));
  }

  private async captureId(ref: PaymentRef): Promise<string> {
    if (ref.providerPaymentId) return ref.providerPaymentId;
    if (ref.providerSessionId) {
      const id = ref.providerSessionId;
      const order = await this.call('orders.get', () => this.api.getOrder(id));
      const capture = latestCapture(order.result ?? {});
      if (typeof capture?.id === 'string') return capture.id;
    }
    throw new AppError(409, 'not_refundable', 'This payment has no PayPal capture to refund');
  }

  private async call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw this.translate(err, operation);
    }
  }

  private translate(err: unknown, operation: string): unknown {
    const translated = translatePayPalError(err, operation);
    if (translated instanceof AppError) {
      this.logger?.warn(
        { provider: 'paypal', operation, code: translated.code, status: translated.status },
        'PayPal call failed',
      );
    }
    return translated;
  }
}

/** Keeps the caller's ids where PayPal's answer lacks them (e.g. a minimal representation). */
function withFallbackRef(event: DomainEvent, ref: PaymentRef): DomainEvent {
  const merged: PaymentRef = { ...event.ref };
  if (!merged.paymentId && ref.paymentId) merged.paymentId = ref.paymentId;
  if (!merged.providerSessionId && ref.providerSessionId) merged.providerSessionId = ref.providerSessionId;
  if (!merged.providerPaymentId && ref.providerPaymentId) merged.providerPaymentId = ref.providerPaymentId;
  return { ...event, ref: merged };
}
