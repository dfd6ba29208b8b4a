import type { DisputeUpdated } from '../../domain/events/domain-event';
import { ProviderError } from '../../errors/provider-error';
import type { Logger } from '../../logger';
import type { DisputeCapability } from '../payment-provider';
import type { PayPalApi } from './paypal-client';
import { callPayPal } from './paypal-errors';
import { disputeUpdated } from './paypal-event-mapper';

export interface PayPalDisputesOptions {
  now: () => Date;
  logger?: Logger;
}

/** PayPal disputes (inquiries, claims, chargebacks) through the Disputes API v1; evidence goes through PayPal's Resolution Center. */
export class PayPalDisputes implements DisputeCapability {
  constructor(
    private readonly api: PayPalApi,
    private readonly options: PayPalDisputesOptions,
  ) {}

  /** `GET /v1/customer/disputes/{id}`, timed now: it is the dispute's state as of this fetch. */
  async getDispute(providerDisputeId: string): Promise<DisputeUpdated> {
    const response = await callPayPal(
      'disputes.get',
      () => this.api.getDispute(providerDisputeId),
      this.options.logger,
    );
    const dispute = disputeUpdated(response.result ?? {}, this.options.now());
    if (!dispute) {
      throw new ProviderError('unavailable', 'paypal', 'PayPal returned a dispute without an id or amount', {
        code: 'provider_error',
        details: { provider: 'paypal' },
      });
    }
    return dispute;
  }
}
