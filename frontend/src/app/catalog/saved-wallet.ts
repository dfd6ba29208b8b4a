import { PaymentMethod } from '../core/payment-methods/payment-method-models';

/**
 * The saved PayPal wallet the course page offers: the student's default one, else the newest (the
 * API lists newest first). Cards need no offer here: Stripe's own page lists the saved cards.
 */
export function preferredWallet(methods: readonly PaymentMethod[]): PaymentMethod | null {
  const wallets = methods.filter((m) => m.provider === 'paypal');
  return wallets.find((m) => m.isDefault) ?? wallets[0] ?? null;
}
