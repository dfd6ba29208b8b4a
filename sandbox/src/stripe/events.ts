import { DeliveryQueue } from '../shared/delivery';
import { stripeId } from '../shared/ids';
import { JsonObject, clone, nowSeconds } from '../shared/json';
import { stripeSignatureHeader } from './signer';
import { StripeState } from './state';
import { StripeEvent } from './types';

/** The API version events are rendered with (the version stripe-node 23.1.0 pins). */
export const STRIPE_API_VERSION = '2026-10-28.endive';

/** Which API request caused an event (`event.request`); null for dashboard/page actions. */
export interface RequestRef {
  id: string | null;
  idempotency_key: string | null;
}

export const NO_REQUEST: RequestRef = { id: null, idempotency_key: null };

export interface StripeWebhookConfig {
  url: string | undefined;
  secret: string;
  /** Event types delivered to the endpoint (`*` = all), like an endpoint's `enabled_events`. */
  enabledEvents: string[];
}

function enabled(config: StripeWebhookConfig, type: string): boolean {
  return config.enabledEvents.some(
    (e) => e === '*' || e === type || (e.endsWith('.*') && type.startsWith(e.slice(0, -1))),
  );
}

/** Creates events (with a snapshot of the object), records them, and hands them to delivery. */
export class StripeEvents {
  constructor(
    private readonly state: StripeState,
    private readonly queue: DeliveryQueue,
    private readonly config: StripeWebhookConfig,
  ) {}

  emit(type: string, object: JsonObject, request: RequestRef, previous?: JsonObject): StripeEvent {
    const deliver = Boolean(this.config.url) && enabled(this.config, type);
    const event: StripeEvent = {
      id: stripeId('evt', 24),
      object: 'event',
      api_version: STRIPE_API_VERSION,
      created: nowSeconds(),
      data: previous ? { object: clone(object), previous_attributes: clone(previous) } : { object: clone(object) },
      livemode: false,
      pending_webhooks: deliver ? 1 : 0,
      request: { id: request.id, idempotency_key: request.idempotency_key },
      type,
    };
    this.state.track(event);
    this.state.events.set(event.id, event);
    if (deliver) this.send(event);
    return event;
  }

  /** Sends an existing event again (dashboard "Resend"); false when no endpoint is set. */
  resend(event: StripeEvent, url?: string): boolean {
    return this.send(event, url);
  }

  private send(event: StripeEvent, url?: string): boolean {
    // Stripe posts pretty-printed JSON; the signature covers these exact bytes.
    const body = JSON.stringify(event, null, 2);
    const secret = this.config.secret;
    return this.queue.enqueue(
      {
        eventId: event.id,
        type: event.type,
        body,
        sign: (raw) => ({
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'Cache-Control': 'no-cache',
          Accept: '*/*; q=0.5, application/xml',
          'Stripe-Signature': stripeSignatureHeader(raw, secret),
        }),
      },
      url,
    );
  }
}
