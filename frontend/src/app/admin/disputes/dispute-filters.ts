import { PaymentProvider } from '../../core/payments/payment-models';
import { DISPUTE_STATUSES, DisputeStatus } from './dispute-labels';

/** The filters of the disputes list, as the URL's query params carry them. */
export interface DisputeFilters {
  status: DisputeStatus | null;
  provider: PaymentProvider | null;
}

const PROVIDERS: readonly PaymentProvider[] = ['stripe', 'paypal'];

/** Reads the filters from query params; a value the API would refuse counts as no filter. */
export function disputeFilters(params: { status?: string; provider?: string }): DisputeFilters {
  return {
    status: DISPUTE_STATUSES.find((s) => s === params.status) ?? null,
    provider: PROVIDERS.find((p) => p === params.provider) ?? null,
  };
}
