import type { SavedMethodDetails } from '../../domain/events/domain-event';
import type { SavedPaymentMethod } from '../../providers/payment-provider';

/** A provider's method without its customer: what our events and rows describe. */
export function detailsOf(method: SavedPaymentMethod): SavedMethodDetails {
  return {
    providerPaymentMethodId: method.providerPaymentMethodId,
    type: method.type,
    ...(method.brand !== undefined ? { brand: method.brand } : {}),
    ...(method.last4 !== undefined ? { last4: method.last4 } : {}),
    ...(method.expMonth !== undefined ? { expMonth: method.expMonth } : {}),
    ...(method.expYear !== undefined ? { expYear: method.expYear } : {}),
    ...(method.email !== undefined ? { email: method.email } : {}),
  };
}
