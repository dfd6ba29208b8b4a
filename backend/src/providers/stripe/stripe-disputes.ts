import type { DisputeUpdated } from '../../domain/events/domain-event';
import { ProviderError } from '../../errors/provider-error';
import type { Logger } from '../../logger';
import type { DisputeCapability } from '../payment-provider';
import type { StripeClient } from './stripe-client';
import { callStripe } from './stripe-errors';
import { disputeEvent } from './stripe-event-mapper';

export interface StripeDisputesOptions {
  now: () => Date;
  logger?: Logger;
}

/** Stripe disputes (chargebacks and inquiries), read only: evidence is handled in Stripe's dashboard. */
export class StripeDisputes implements DisputeCapability {
  constructor(
    private readonly stripe: StripeClient,
    private readonly options: StripeDisputesOptions,
  ) {}

  async getDispute(providerDisputeId: string): Promise<DisputeUpdated> {
    // The charge is expanded so the ref carries our payment id (charge metadata) even when the
    // dispute itself names no PaymentIntent.
    const dispute = await callStripe(
      'disputes.retrieve',
      () => this.stripe.disputes.retrieve(providerDisputeId, { expand: ['charge'] }),
      this.options.logger,
    );
    const event = disputeEvent(dispute as unknown as Record<string, unknown>, this.options.now());
    if (!event) {
      throw new ProviderError(
        'unavailable',
        'stripe',
        `Stripe returned a dispute we cannot read (status ${dispute.status})`,
        {
          code: 'provider_error',
          details: { provider: 'stripe', operation: 'disputes.retrieve', status: dispute.status },
        },
      );
    }
    return event;
  }
}
