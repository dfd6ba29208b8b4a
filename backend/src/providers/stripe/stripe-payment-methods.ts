import { ProviderError } from '../../errors/provider-error';
import type {
  CustomerPaymentMethods,
  PaymentMethodCapability,
  SavedPaymentMethod,
  SetupOutcome,
  SetupSession,
} from '../payment-provider';

function notBuilt(): never {
  throw new ProviderError('unavailable', 'stripe', 'Saved payment methods are not built yet for Stripe');
}

/** Placeholder while saved methods are being built; every call is refused. */
export class StripePaymentMethods implements PaymentMethodCapability {
  readonly paysCheckouts = false;
  readonly keepsDefault = true;

  createSetupSession(): Promise<SetupSession> {
    return notBuilt();
  }
  completeSetup(): Promise<SetupOutcome> {
    return notBuilt();
  }
  getPaymentMethod(): Promise<SavedPaymentMethod | null> {
    return notBuilt();
  }
  listPaymentMethods(): Promise<CustomerPaymentMethods> {
    return notBuilt();
  }
  setDefaultPaymentMethod(): Promise<void> {
    return notBuilt();
  }
  setSubscriptionPaymentMethod(): Promise<void> {
    return notBuilt();
  }
  detachPaymentMethod(): Promise<'detached' | 'already_gone'> {
    return notBuilt();
  }
}
