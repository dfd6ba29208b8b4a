import { PaymentProvider } from '../../core/payments/payment-models';
import { SUBSCRIPTION_STATUS_LABELS } from '../../core/subscriptions/subscription-labels';
import { SubscriptionStatus } from '../../core/subscriptions/subscription-models';

/** The filters of the admin subscriptions list, as the URL's query params carry them. */
export interface SubscriptionFilters {
  status: SubscriptionStatus | null;
  provider: PaymentProvider | null;
  /** Email or name, a case-insensitive substring. */
  q: string | null;
}

export const SUBSCRIPTION_STATUSES = Object.keys(SUBSCRIPTION_STATUS_LABELS) as SubscriptionStatus[];
const PROVIDERS: readonly PaymentProvider[] = ['stripe', 'paypal'];

/** Reads the filters from query params; an unknown status or provider, or a blank search, is no filter. */
export function subscriptionFilters(params: { status?: string; provider?: string; q?: string }): SubscriptionFilters {
  return {
    status: SUBSCRIPTION_STATUSES.find((s) => s === params.status) ?? null,
    provider: PROVIDERS.find((p) => p === params.provider) ?? null,
    q: params.q?.trim() || null,
  };
}
