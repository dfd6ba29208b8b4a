/**
 * A price as the catalog offers it (a course's or a plan's): which providers can take it, and
 * why the others cannot. Shared by catalog/ (buy buttons) and subscriptions/ (plans).
 */
import { Money } from '../money/money-models';
import { PROVIDER_LABELS } from './payment-labels';
import { PaymentProvider } from './payment-models';

/** Why a provider cannot take a price: the rule (as checkout would answer it) and the reason in words. */
export interface ProviderUnavailable {
  provider: PaymentProvider;
  code: string;
  message: string;
}

/** A catalog price with the providers that can take it (possibly none). */
export interface OfferedPrice extends Money {
  providers: PaymentProvider[];
  unavailable: ProviderUnavailable[];
}

/** The order the payment buttons are shown in. */
export const PROVIDER_ORDER: readonly PaymentProvider[] = ['stripe', 'paypal'];

/** Per provider: null when it can take the price (or there is none yet), else why not, in words. */
export function unavailableReasons(price: OfferedPrice | null | undefined): Record<PaymentProvider, string | null> {
  const reason = (provider: PaymentProvider): string | null => {
    if (!price || price.providers.includes(provider)) return null;
    return (
      price.unavailable.find((u) => u.provider === provider)?.message ??
      `${PROVIDER_LABELS[provider]} cannot take this price`
    );
  };
  return { stripe: reason('stripe'), paypal: reason('paypal') };
}
