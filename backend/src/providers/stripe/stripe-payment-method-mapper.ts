import type {
  DefaultPaymentMethodChanged,
  PaymentMethodAttached,
  PaymentMethodDetached,
  PaymentMethodEvent,
  PaymentMethodSaved,
  SavedMethodDetails,
} from '../../domain/events/domain-event';
import { num, obj, str, type Json } from '../json-reading';
import type { SavedPaymentMethod } from '../payment-provider';
import { idOf } from './stripe-json';

/**
 * Stripe PaymentMethods, SetupIntents and customers -> saved-method events. Pure functions over the
 * JSON as Stripe sent it (an event's object, or an API answer).
 *
 * Only cards are mapped: Checkout in setup mode is asked for cards only (allowed_payment_method_types),
 * and a card is all a student's saved method can be on Stripe here. Anything else (a Link or bank
 * PaymentMethod a dashboard user attached) is not a method we show, so it maps to nothing.
 */

/** What a card PaymentMethod shows the student; undefined for other types or an unreadable object. */
export function savedMethodDetails(pm: Json): SavedMethodDetails | undefined {
  const id = str(pm.id);
  const card = obj(pm.card);
  if (!id || str(pm.type) !== 'card' || !card) return undefined;
  const brand = str(card.brand);
  const last4 = str(card.last4);
  const expMonth = num(card.exp_month);
  const expYear = num(card.exp_year);
  return {
    providerPaymentMethodId: id,
    type: 'card',
    ...(brand ? { brand: brand.toLowerCase() } : {}),
    ...(last4 ? { last4 } : {}),
    ...(expMonth !== undefined ? { expMonth } : {}),
    ...(expYear !== undefined ? { expYear } : {}),
  };
}

/** A card on a customer; undefined when it is on none (detached, or never saved) or not a card. */
export function savedPaymentMethod(pm: Json): SavedPaymentMethod | undefined {
  const details = savedMethodDetails(pm);
  const customer = idOf(pm.customer);
  return details && customer ? { ...details, providerCustomerId: customer } : undefined;
}

export function paymentMethodAttached(pm: Json, occurredAt: Date): PaymentMethodAttached | undefined {
  const saved = savedPaymentMethod(pm);
  if (!saved) return undefined;
  const { providerCustomerId, ...method } = saved;
  return { kind: 'PaymentMethodAttached', provider: 'stripe', occurredAt, ref: { providerCustomerId }, method };
}

/** `payment_method.detached`: the object has no customer any more; `previous_attributes` says whose it was. */
export function paymentMethodDetached(
  pm: Json,
  previous: Json | undefined,
  occurredAt: Date,
): PaymentMethodDetached | undefined {
  const id = str(pm.id);
  if (!id) return undefined;
  const owner = idOf(previous?.customer);
  return {
    kind: 'PaymentMethodDetached',
    provider: 'stripe',
    occurredAt,
    ...(owner ? { ref: { providerCustomerId: owner } } : {}),
    providerPaymentMethodId: id,
  };
}

/**
 * `customer.updated` -> the customer's invoice default (an id or, expanded, an object; null: none).
 * Only when the event says the default changed (`previous_attributes.invoice_settings`), or when
 * there is no previous state to go by (a fetched customer): Checkout writes names and addresses onto
 * customers too, and such an unrelated update, delivered late, would otherwise bring back a default
 * the student has since changed.
 */
export function defaultPaymentMethodChanged(
  customer: Json,
  previous: Json | undefined,
  occurredAt: Date,
): DefaultPaymentMethodChanged | undefined {
  const id = str(customer.id);
  if (!id || customer.deleted === true) return undefined;
  const settings = obj(customer.invoice_settings);
  if (!settings) return undefined;
  if (previous && !Object.hasOwn(obj(previous.invoice_settings) ?? {}, 'default_payment_method')) return undefined;
  return {
    kind: 'DefaultPaymentMethodChanged',
    provider: 'stripe',
    occurredAt,
    ref: { providerCustomerId: id },
    providerPaymentMethodId: idOf(settings.default_payment_method) ?? null,
  };
}

/** `setup_intent.succeeded` names the customer and the method it saved, without describing the method. */
export function paymentMethodSaved(setupIntent: Json, occurredAt: Date): PaymentMethodSaved | undefined {
  const customer = idOf(setupIntent.customer);
  const method = idOf(setupIntent.payment_method);
  if (!customer || !method || str(setupIntent.status) !== 'succeeded') return undefined;
  return {
    kind: 'PaymentMethodSaved',
    provider: 'stripe',
    occurredAt,
    ref: { providerCustomerId: customer },
    providerPaymentMethodId: method,
  };
}

/** The Stripe event types about saved methods, and what each becomes. */
export function paymentMethodEvents(
  type: string,
  object: Json,
  previous: Json | undefined,
  occurredAt: Date,
): PaymentMethodEvent[] | undefined {
  let event: PaymentMethodEvent | undefined;
  switch (type) {
    case 'payment_method.attached':
    case 'payment_method.updated':
    case 'payment_method.automatically_updated':
      // A snapshot of a card on a customer; an update of a card on none says nothing about a saved one.
      event = paymentMethodAttached(object, occurredAt);
      break;
    case 'payment_method.detached':
      event = paymentMethodDetached(object, previous, occurredAt);
      break;
    case 'customer.updated':
      event = defaultPaymentMethodChanged(object, previous, occurredAt);
      break;
    case 'setup_intent.succeeded':
      event = paymentMethodSaved(object, occurredAt);
      break;
    default:
      return undefined;
  }
  return event ? [event] : [];
}
