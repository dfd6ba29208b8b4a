import type { PaymentEvent, PaymentRef } from '../../domain/events/domain-event';
import { toPayPalAmount } from '../../domain/money';
import { ProviderError } from '../../errors/provider-error';
import type { Logger } from '../../logger';
import { arr, str, type Json } from '../json-reading';
import {
  SAVED_METHOD_MISSING,
  type CheckoutCapability,
  type CheckoutRequest,
  type CheckoutSession,
} from '../payment-provider';
import { PayPalHttpError, type PayPalApi } from './paypal-client';
import { callPayPal, reportPayPalError } from './paypal-errors';
import { eventsFromCapture, eventsFromOrder, latestCapture, parsePayPalTime } from './paypal-event-mapper';

/** PayPal's limits for these fields. */
const MAX_DESCRIPTION = 127;
const MAX_BRAND_NAME = 127;

/**
 * The order body for one pending payment: CAPTURE intent, one purchase unit pointing back at it.
 * The return URL is ours unchanged: PayPal appends token and PayerID itself. With a saved wallet the
 * order names its vault token (`vault_id`) and PayPal charges it at once; the experience context
 * stays for when PayPal still needs the payer (PAYER_ACTION_REQUIRED), who then returns to us.
 */
export function orderCreateBody(request: CheckoutRequest, brandName?: string): Json {
  return {
    intent: 'CAPTURE',
    purchase_units: [
      {
        reference_id: request.paymentId,
        custom_id: request.paymentId,
        invoice_id: request.paymentId,
        description: request.lineItem.description.slice(0, MAX_DESCRIPTION),
        amount: toPayPalAmount(request.lineItem.amount),
      },
    ],
    payment_source: {
      paypal: {
        ...(request.savedPaymentMethodId ? { vault_id: request.savedPaymentMethodId } : {}),
        experience_context: {
          return_url: request.returnUrl,
          cancel_url: request.cancelUrl,
          user_action: 'PAY_NOW',
          shipping_preference: 'NO_SHIPPING',
          ...(brandName ? { brand_name: brandName.slice(0, MAX_BRAND_NAME) } : {}),
        },
      },
    },
  };
}

function approvalLink(order: Json): string | undefined {
  const links = arr(order.links);
  const link = links.find((l) => l.rel === 'approve') ?? links.find((l) => l.rel === 'payer-action');
  return str(link?.href);
}

/** Keeps the caller's ids where PayPal's answer lacks them (e.g. a minimal representation). */
function withFallbackRef(event: PaymentEvent, ref: PaymentRef): PaymentEvent {
  const merged: PaymentRef = { ...event.ref };
  if (!merged.paymentId && ref.paymentId) merged.paymentId = ref.paymentId;
  if (!merged.providerSessionId && ref.providerSessionId) merged.providerSessionId = ref.providerSessionId;
  if (!merged.providerPaymentId && ref.providerPaymentId) merged.providerPaymentId = ref.providerPaymentId;
  return { ...event, ref: merged };
}

/**
 * Refusals of an order paid with a saved wallet, before any order exists. The token is gone (deleted, or
 * lost by PayPal) [unverified: PayPal's exact answer; 404 RESOURCE_NOT_FOUND on the vault_id, or 422
 * TOKEN_ID_NOT_FOUND], or its funding refused the charge outright.
 */
const VAULT_ID_MISSING_ISSUES = ['TOKEN_ID_NOT_FOUND', 'INVALID_RESOURCE_ID', 'MISMATCHED_VAULT_ID_TO_PAYMENT_SOURCE'];
const VAULT_DECLINE_ISSUES = [
  'INSTRUMENT_DECLINED',
  'PAYER_CANNOT_PAY',
  'TRANSACTION_REFUSED',
  'PAYMENT_SOURCE_DECLINED_BY_PROCESSOR',
  'PAYMENT_SOURCE_CANNOT_BE_USED',
];

function vaultOrderRefusal(err: unknown): ProviderError | undefined {
  if (!(err instanceof PayPalHttpError)) return undefined;
  const details = { provider: 'paypal', operation: 'orders.create', issues: err.issues };
  if (err.statusCode === 404 || err.issues.some((i) => VAULT_ID_MISSING_ISSUES.includes(i))) {
    return new ProviderError('not_found', 'paypal', 'PayPal no longer has this saved PayPal wallet', {
      code: SAVED_METHOD_MISSING,
      details,
    });
  }
  if (err.statusCode === 422 && err.issues.some((i) => VAULT_DECLINE_ISSUES.includes(i))) {
    return new ProviderError('declined', 'paypal', err.description ?? 'PayPal declined the saved PayPal wallet', {
      code: 'saved_payment_method_declined',
      details,
    });
  }
  return undefined;
}

/** Capture statuses that mean the buyer's money moved (or is moving: PENDING clears later). */
const PAID_CAPTURE_STATUSES = new Set(['COMPLETED', 'PENDING', 'PARTIALLY_REFUNDED', 'REFUNDED']);

/** Whether a capture makes its checkout paid, or closes it unpaid (DECLINED, FAILED). */
function captureOutcome(capture: Json): 'already_paid' | 'expired' {
  const status = str(capture.status);
  return status && !PAID_CAPTURE_STATUSES.has(status) ? 'expired' : 'already_paid';
}

export interface PayPalCheckoutOptions {
  now: () => Date;
  logger?: Logger;
  brandName?: string;
}

/** PayPal orders: create, capture after the buyer's approval, and their state. */
export class PayPalCheckout implements CheckoutCapability {
  constructor(
    private readonly api: PayPalApi,
    private readonly options: PayPalCheckoutOptions,
  ) {}

  async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
    const body = orderCreateBody(request, this.options.brandName);
    let response;
    try {
      response = await this.api.createOrder(body, request.idempotencyKey);
    } catch (err) {
      const refusal = request.savedPaymentMethodId ? vaultOrderRefusal(err) : undefined;
      if (refusal) {
        this.options.logger?.warn({ provider: 'paypal', code: refusal.code }, 'PayPal refused a saved wallet');
        throw refusal;
      }
      throw reportPayPalError(err, 'orders.create', this.options.logger);
    }
    const order = response.result ?? {};
    const id = str(order.id);
    const settled = request.savedPaymentMethodId && id ? this.settledAtOnce(order, request, id) : undefined;
    if (settled) return settled;
    const url = approvalLink(order);
    if (!id || !url) {
      throw new ProviderError('unavailable', 'paypal', 'PayPal returned an order without an id or approval link', {
        code: 'provider_error',
        details: { provider: 'paypal' },
      });
    }
    return { providerSessionId: id, checkoutUrl: url };
  }

  async capture(ref: PaymentRef, idempotencyKey: string): Promise<PaymentEvent[]> {
    const orderId = ref.providerSessionId;
    if (!orderId) {
      throw new ProviderError('invalid_request', 'paypal', 'A PayPal capture needs the order id', {
        code: 'validation_failed',
      });
    }
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
              occurredAt: this.options.now(),
              ref: { ...ref, providerSessionId: orderId },
              failureCode: 'instrument_declined',
              failureReason:
                'PayPal declined the funding source the buyer chose; they can return to PayPal and pay with another one',
            },
          ];
        }
        if (issues.has('ORDER_ALREADY_CAPTURED')) {
          // Captured before (by the webhook path or a retry): report what that capture became.
          const order = await callPayPal('orders.get', () => this.api.getOrder(orderId), this.options.logger);
          return this.orderEvents(order.result ?? {}, ref);
        }
      }
      throw reportPayPalError(err, 'orders.capture', this.options.logger);
    }
  }

  async getPaymentState(ref: PaymentRef): Promise<PaymentEvent[]> {
    if (ref.providerSessionId) {
      const id = ref.providerSessionId;
      const order = await callPayPal('orders.get', () => this.api.getOrder(id), this.options.logger);
      return eventsFromOrder(order.result ?? {}, this.options.now()).map((e) => withFallbackRef(e, ref));
    }
    if (ref.providerPaymentId) {
      const id = ref.providerPaymentId;
      const capture = await callPayPal('captures.get', () => this.api.getCapture(id), this.options.logger);
      return eventsFromCapture(capture.result ?? {}, this.options.now(), ref);
    }
    throw new ProviderError('invalid_request', 'paypal', 'A PayPal payment reference needs an order or capture id', {
      code: 'validation_failed',
    });
  }

  /**
   * PayPal has no call that makes an unapproved order unpayable (v2 orders cannot be voided before
   * approval; they lapse on their own), so an open order is `unsupported`: the caller cancels its own
   * record and refuses a later capture. A captured order is `already_paid`; one that can no longer be
   * paid (VOIDED, its capture DECLINED/FAILED, or gone from PayPal) is `expired`.
   */
  async expireCheckout(ref: PaymentRef): Promise<'expired' | 'unsupported' | 'already_paid'> {
    if (!ref.providerSessionId) {
      const captureId = ref.providerPaymentId;
      if (!captureId) {
        throw new ProviderError(
          'invalid_request',
          'paypal',
          'A PayPal checkout reference needs an order or capture id',
          {
            code: 'validation_failed',
          },
        );
      }
      const capture = await callPayPal('captures.get', () => this.api.getCapture(captureId), this.options.logger);
      return captureOutcome(capture.result ?? {});
    }
    const orderId = ref.providerSessionId;
    let order: Json;
    try {
      order = (await this.api.getOrder(orderId)).result ?? {};
    } catch (err) {
      // PayPal forgets orders that were never completed once they lapse: such an order cannot be paid.
      if (err instanceof PayPalHttpError && err.statusCode === 404) return 'expired';
      throw reportPayPalError(err, 'orders.get', this.options.logger);
    }
    switch (str(order.status)) {
      case 'COMPLETED': {
        const capture = latestCapture(order);
        // A COMPLETED order was captured; without the capture in the answer, assume it was paid.
        return capture ? captureOutcome(capture) : 'already_paid';
      }
      case 'VOIDED':
        return 'expired';
      default:
        // CREATED, SAVED, PAYER_ACTION_REQUIRED, APPROVED: still payable, and PayPal cannot stop it.
        return 'unsupported';
    }
  }

  /**
   * A saved wallet's order comes back already COMPLETED (its capture, or a DECLINED one: PaymentFailed) or
   * APPROVED: the browser goes straight to our return page and the caller applies the events. Anything
   * else (PAYER_ACTION_REQUIRED: PayPal needs the payer) goes through PayPal's link like any order.
   */
  private settledAtOnce(order: Json, request: CheckoutRequest, id: string): CheckoutSession | undefined {
    const status = str(order.status);
    if (status !== 'COMPLETED' && status !== 'APPROVED') return undefined;
    const events = this.orderEvents(order, { paymentId: request.paymentId, providerSessionId: id });
    return { providerSessionId: id, checkoutUrl: request.returnUrl, events };
  }

  /** Capture outcome from an order (capture response or fetched order), timed by the capture. */
  private orderEvents(order: Json, ref: PaymentRef): PaymentEvent[] {
    const capture = latestCapture(order);
    const occurredAt =
      parsePayPalTime(capture?.update_time) ?? parsePayPalTime(capture?.create_time) ?? this.options.now();
    return eventsFromOrder(order, occurredAt).map((e) => withFallbackRef(e, ref));
  }
}
