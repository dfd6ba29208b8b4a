import type { DomainEvent } from '../../domain/events/domain-event';
import { ProviderError } from '../../errors/provider-error';
import type { Logger } from '../../logger';
import { str, type Json } from '../json-reading';
import type { PayPalApi, PayPalResponse } from './paypal-client';
import { callPayPal } from './paypal-errors';
import { eventsFromCapture } from './paypal-event-mapper';
import { parsePayPalTime } from './paypal-json';
import { saleCompleted, saleDenied } from './paypal-subscription-mapper';

export interface PayPalEventConfirmationOptions {
  now: () => Date;
  logger?: Logger;
}

/** v1 sale states of a sale that was paid (refunds and reversals arrive as their own events). */
const PAID_SALE_STATES = new Set(['completed', 'partially_refunded', 'refunded', 'reversed']);

/**
 * Confirms what a PayPal webhook body claims about money with PayPal's own copy of the object it
 * names (the body is only bound by a CRC32, so its amounts, ids and status are not evidence):
 * - a capture (PAYMENT.CAPTURE.COMPLETED, or an approval that arrived already captured):
 *   `GET /v2/payments/captures/{id}`;
 * - a subscription cycle's sale (PAYMENT.SALE.COMPLETED): `GET /v1/payments/sale/{id}`.
 * The events returned are read from that answer alone: its status, amount, currency, order and
 * custom id (our payment or subscription). An id PayPal does not know confirms nothing.
 */
export class PayPalEventConfirmation {
  constructor(
    private readonly api: PayPalApi,
    private readonly options: PayPalEventConfirmationOptions,
  ) {}

  async confirm(event: DomainEvent): Promise<DomainEvent[]> {
    if (event.kind === 'PaymentSucceeded' && event.unconfirmed) {
      const captureId = event.ref.providerPaymentId;
      const capture = captureId && (await this.read('captures.get', () => this.api.getCapture(captureId)));
      return capture ? eventsFromCapture(capture, this.changedAt(capture)) : [];
    }
    if (event.kind === 'SubscriptionPaymentSucceeded' && event.unconfirmed) {
      const saleId = event.providerPaymentId ?? event.providerInvoiceId;
      const sale = await this.read('sale.get', () => this.api.getSale(saleId));
      return sale ? this.saleEvents(sale) : [];
    }
    return [event];
  }

  private saleEvents(sale: Json): DomainEvent[] {
    const state = str(sale.state)?.toLowerCase();
    const at = this.changedAt(sale);
    const event =
      state && PAID_SALE_STATES.has(state)
        ? saleCompleted(sale, at)
        : state === 'denied'
          ? saleDenied(sale, at)
          : undefined;
    // Pending (or a state we do not know): nothing is paid yet; PayPal notifies again when it is.
    return event ? [event] : [];
  }

  /** When PayPal last changed the object, as it says (a body's times are not evidence either). */
  private changedAt(resource: Json): Date {
    return parsePayPalTime(resource.update_time) ?? parsePayPalTime(resource.create_time) ?? this.options.now();
  }

  /** The object PayPal answers with, or undefined when PayPal has no such object (404). */
  private async read(
    operation: string,
    call: () => Promise<PayPalResponse<Record<string, unknown>>>,
  ): Promise<Json | undefined> {
    try {
      return (await callPayPal(operation, call, this.options.logger)).result ?? {};
    } catch (err) {
      if (err instanceof ProviderError && err.kind === 'not_found') {
        this.options.logger?.warn({ provider: 'paypal', operation }, 'a webhook named an object PayPal does not have');
        return undefined;
      }
      throw err;
    }
  }
}
