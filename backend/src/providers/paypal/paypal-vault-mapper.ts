import type {
  PaymentMethodAttached,
  PaymentMethodDetached,
  PaymentMethodEvent,
  SavedMethodDetails,
} from '../../domain/events/domain-event';
import { obj, str, type Json } from '../json-reading';
import type { SavedPaymentMethod } from '../payment-provider';

/**
 * Vault v3 payment tokens (API answers and VAULT.PAYMENT-TOKEN.* resources) -> saved methods and
 * their domain events. Pure functions over PayPal's JSON, read defensively.
 */

/** A card token's `expiry` is `YYYY-MM`. */
function cardExpiry(expiry: unknown): { expMonth?: number; expYear?: number } {
  const m = /^(\d{4})-(\d{2})$/.exec(str(expiry) ?? '');
  if (!m) return {};
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? { expYear: Number(m[1]), expMonth: month } : {};
}

/**
 * A payment token as a saved method: a PayPal wallet shows its payer email. We only vault wallets, but
 * a card in the same vault (saved by another integration of the account) still reads as one; other
 * sources (Venmo, Apple Pay, banks) are not methods we can show: undefined, as is a token naming no
 * customer (`fallbackCustomerId` is the one the caller already knows, e.g. the setup token's).
 */
export function paymentTokenMethod(token: Json, fallbackCustomerId?: string): SavedPaymentMethod | undefined {
  const id = str(token.id);
  const customerId = str(obj(token.customer)?.id) ?? fallbackCustomerId;
  if (!id || !customerId) return undefined;
  const source = obj(token.payment_source);
  const paypal = obj(source?.paypal);
  if (paypal) {
    const email = str(paypal.email_address);
    return { providerPaymentMethodId: id, providerCustomerId: customerId, type: 'paypal', ...(email ? { email } : {}) };
  }
  const card = obj(source?.card);
  if (card) {
    const brand = str(card.brand)?.toLowerCase();
    const last4 = str(card.last_digits);
    return {
      providerPaymentMethodId: id,
      providerCustomerId: customerId,
      type: 'card',
      ...(brand ? { brand } : {}),
      ...(last4 ? { last4 } : {}),
      ...cardExpiry(card.expiry),
    };
  }
  return undefined;
}

/** What the student sees of a method (the customer is the event's ref). */
export function methodDetails(method: SavedPaymentMethod): SavedMethodDetails {
  const details: SavedMethodDetails = { providerPaymentMethodId: method.providerPaymentMethodId, type: method.type };
  if (method.brand) details.brand = method.brand;
  if (method.last4) details.last4 = method.last4;
  if (method.expMonth !== undefined) details.expMonth = method.expMonth;
  if (method.expYear !== undefined) details.expYear = method.expYear;
  if (method.email) details.email = method.email;
  return details;
}

export function paymentMethodAttached(method: SavedPaymentMethod, occurredAt: Date): PaymentMethodAttached {
  return {
    kind: 'PaymentMethodAttached',
    provider: 'paypal',
    occurredAt,
    ref: { providerCustomerId: method.providerCustomerId },
    method: methodDetails(method),
  };
}

/**
 * VAULT.PAYMENT-TOKEN.CREATED (resource = the token) -> PaymentMethodAttached.
 * VAULT.PAYMENT-TOKEN.DELETED, and for a PayPal wallet the DELETION-INITIATED before it -> PaymentMethodDetached:
 * once its deletion was asked for the token is not to be charged, and detaching twice changes nothing. The
 * owner is named only when the resource carries `customer.id` (PayPal does not document that it does).
 */
export function vaultEvents(eventType: string, resource: Json, occurredAt: Date): PaymentMethodEvent[] {
  switch (eventType) {
    case 'VAULT.PAYMENT-TOKEN.CREATED': {
      const method = paymentTokenMethod(resource);
      return method ? [paymentMethodAttached(method, occurredAt)] : [];
    }
    case 'VAULT.PAYMENT-TOKEN.DELETION-INITIATED':
    case 'VAULT.PAYMENT-TOKEN.DELETED': {
      const id = str(resource.id);
      if (!id) return [];
      const customerId = str(obj(resource.customer)?.id);
      const detached: PaymentMethodDetached = {
        kind: 'PaymentMethodDetached',
        provider: 'paypal',
        occurredAt,
        providerPaymentMethodId: id,
        ...(customerId ? { ref: { providerCustomerId: customerId } } : {}),
      };
      return [detached];
    }
    default:
      return [];
  }
}
