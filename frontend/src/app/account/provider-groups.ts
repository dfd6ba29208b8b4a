import { PaymentProvider } from '../core/payments/payment-models';

/** How the Payment methods page shows one provider's methods: each provider has its own default. */
export interface ProviderGroup {
  provider: PaymentProvider;
  heading: string;
  /** Under the heading: where the methods live and what the default is for. */
  about: string;
  addLabel: string;
  /** The button's label while its setup is being started. */
  addingLabel: string;
  empty: string;
}

export const PROVIDER_GROUPS: readonly ProviderGroup[] = [
  {
    provider: 'stripe',
    heading: 'Cards',
    about: 'Saved with Stripe. Stripe offers them when you pay; the default card also pays your plan’s renewals.',
    addLabel: 'Add card',
    addingLabel: 'Opening Stripe…',
    empty: 'No saved cards.',
  },
  {
    provider: 'paypal',
    heading: 'PayPal',
    about: 'PayPal accounts you approved. Pay for a course with one without logging in to PayPal again.',
    addLabel: 'Add PayPal',
    addingLabel: 'Opening PayPal…',
    empty: 'No saved PayPal accounts.',
  },
];
