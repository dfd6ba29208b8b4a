import type { IncomingHttpHeaders } from 'node:http';
import type { DomainEvent } from '../../domain/events/domain-event';
import type { ProviderName } from '../../domain/payments/payment-status';

/** A verified webhook event, before normalization; stored as received. */
export interface ProviderEvent {
  provider: ProviderName;
  id: string;
  type: string;
  createdAt: Date;
  payload: Record<string, unknown>;
  /**
   * The delivery's own id when the provider signs each delivery separately (PayPal's
   * PAYPAL-TRANSMISSION-ID): one transmission carries one event, so a second event under it is forged.
   */
  transmissionId?: string;
}

export class WebhookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

export interface WebhookCapability {
  /**
   * Verifies the signature over the raw body first, and only then parses it.
   * Throws WebhookVerificationError for a missing, forged or stale signature.
   */
  verifyWebhook(rawBody: Buffer, headers: IncomingHttpHeaders): Promise<ProviderEvent>;

  /** Maps a verified event to domain events; unknown types map to []. */
  normalize(event: ProviderEvent): DomainEvent[];

  /**
   * The provider's own answer for a domain event marked `unconfirmed` (read from a body its
   * signature does not fully bind: PayPal signs only a CRC32 of it): the events that answer
   * implies, which replace the claim. Only providers whose normalize marks events implement it.
   */
  confirm?(event: DomainEvent): Promise<DomainEvent[]>;
}
