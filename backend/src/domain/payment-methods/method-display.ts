import type { SavedMethodDetails } from '../events/domain-event';

const BRAND_NAMES: Readonly<Record<string, string>> = {
  amex: 'American Express',
  cartes_bancaires: 'Cartes Bancaires',
  diners: 'Diners Club',
  discover: 'Discover',
  eftpos_au: 'eftpos',
  jcb: 'JCB',
  link: 'Link',
  mastercard: 'Mastercard',
  unionpay: 'UnionPay',
  visa: 'Visa',
};

/** What a person recognises: "Visa •••• 4242", "PayPal (ana@example.com)". */
export function methodLabel(method: SavedMethodDetails): string {
  if (method.type === 'paypal') return method.email ? `PayPal (${method.email})` : 'PayPal';
  const brand = method.brand ? (BRAND_NAMES[method.brand] ?? capitalise(method.brand)) : 'Card';
  return method.last4 ? `${brand} •••• ${method.last4}` : brand;
}

/** A card is valid through the last day of its expiry month; a method without an expiry never expires. */
export function isExpired(method: Pick<SavedMethodDetails, 'expMonth' | 'expYear'>, now: Date): boolean {
  if (!method.expMonth || !method.expYear) return false;
  // Date.UTC with month = expMonth is the first instant of the month after expiry.
  return now.getTime() >= Date.UTC(method.expYear, method.expMonth, 1);
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).replace(/_/g, ' ');
}
