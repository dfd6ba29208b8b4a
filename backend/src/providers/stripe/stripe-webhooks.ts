import type { IncomingHttpHeaders } from 'node:http';
import Stripe from 'stripe';
import type { DomainEvent } from '../../domain/events/domain-event';
import { WebhookVerificationError, type ProviderEvent, type WebhookCapability } from '../payment-provider';
import type { StripeClient } from './stripe-client';
import { normalizeStripeEvent } from './stripe-event-mapper';

/** Stripe's recommended (and the SDK's default) maximum age of a signed delivery. */
export const STRIPE_SIGNATURE_TOLERANCE_SECONDS = 300;

export interface StripeWebhookOptions {
  secret: string;
  toleranceSeconds?: number;
  now?: () => Date;
}

/**
 * Checks the Stripe-Signature header (HMAC-SHA256 over "t.rawBody", any v1, timestamp within the
 * tolerance) over the untouched raw bytes, and only then parses the body.
 */
export function verifyStripeWebhook(
  stripe: StripeClient,
  rawBody: Buffer,
  headers: IncomingHttpHeaders,
  options: StripeWebhookOptions,
): ProviderEvent {
  const header = headers['stripe-signature'];
  if (typeof header !== 'string' || header.trim() === '') {
    throw new WebhookVerificationError('Missing Stripe-Signature header');
  }
  if (!Buffer.isBuffer(rawBody) || rawBody.length === 0) {
    throw new WebhookVerificationError('Empty webhook body');
  }
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(
      rawBody,
      header,
      options.secret,
      options.toleranceSeconds ?? STRIPE_SIGNATURE_TOLERANCE_SECONDS,
      undefined,
      options.now ? options.now().getTime() : undefined,
    );
  } catch (err) {
    if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
      throw new WebhookVerificationError(`Invalid Stripe signature: ${err.message}`);
    }
    // Signed, but not a JSON event we can read.
    throw new WebhookVerificationError(`Unreadable Stripe event: ${err instanceof Error ? err.message : String(err)}`);
  }
  const payload = event as unknown as Record<string, unknown>;
  if (typeof event.id !== 'string' || typeof event.type !== 'string' || typeof event.created !== 'number') {
    throw new WebhookVerificationError('Signed Stripe payload is not an event (id, type, created)');
  }
  return { provider: 'stripe', id: event.id, type: event.type, createdAt: new Date(event.created * 1000), payload };
}

/** Stripe webhooks: signature first (verifyStripeWebhook), then the event mapper. */
export class StripeWebhooks implements WebhookCapability {
  constructor(
    private readonly stripe: StripeClient,
    private readonly options: StripeWebhookOptions,
  ) {}

  async verifyWebhook(rawBody: Buffer, headers: IncomingHttpHeaders): Promise<ProviderEvent> {
    return verifyStripeWebhook(this.stripe, rawBody, headers, this.options);
  }

  normalize(event: ProviderEvent): DomainEvent[] {
    return normalizeStripeEvent(event);
  }
}
