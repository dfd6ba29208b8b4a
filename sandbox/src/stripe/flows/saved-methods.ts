import { JsonObject } from '../../shared/json';
import { BuyerInput, collectBuyer } from '../buyer';
import { StripeContext } from '../context';
import { StripeErrorBody, docUrl, resourceMissing } from '../errors';
import { RequestRef } from '../events';
import { DEFAULT_REDISPLAY_FILTERS } from '../routes/saved-method-options';
import { Buyer } from '../state';
import { AllowRedisplay, CheckoutSession, Customer, PaymentMethod } from '../types';

/**
 * Saved cards on Checkout, as Stripe's hosted page treats them:
 * - a payment or subscription session for a `customer` offers that customer's cards whose
 *   `allow_redisplay` is in `saved_payment_method_options[allow_redisplay_filters]` (default
 *   `always` only), the customer's invoice default first, then the newest;
 * - a card saved in setup mode gets `allow_redisplay: always`; one kept because of
 *   `payment_intent_data[setup_future_usage]` or by a subscription gets `limited`; one the buyer
 *   chose to save with the `payment_method_save` checkbox gets `always` (Stripe's support article
 *   "Prefilling saved cards in Checkout");
 * - a card used without being on a customer, or detached, can never be used or attached again.
 */

/**
 * Stripe's answer when a PaymentIntent or SetupIntent is confirmed with such a card (recorded from
 * Stripe by WooCommerce Payments, issue #323; the same text in 2026): no code, no param.
 */
export const REUSED_PAYMENT_METHOD =
  'The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.';

/** Stripe's answer to `POST /v1/payment_methods/:id/attach` for such a card (recorded; no code seen). */
export const REATTACH_REFUSED =
  'This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.';

/** Stripe's wording when a payment method given with a customer is not that customer's. */
export function notTheCustomers(pmId: string): string {
  return `The customer does not have a payment method with the ID ${pmId}. The payment method must be attached to the customer.`;
}

function filters(session: CheckoutSession): readonly AllowRedisplay[] {
  return session.saved_payment_method_options?.allow_redisplay_filters ?? DEFAULT_REDISPLAY_FILTERS;
}

/** The saved cards the page offers for this session, in the order it lists them (first preselected). */
export function offeredMethods(ctx: StripeContext, session: CheckoutSession): PaymentMethod[] {
  if (!session.customer || session.mode === 'setup') return [];
  const customer = ctx.state.customers.get(session.customer);
  if (!customer || customer.deleted) return [];
  const allowed = filters(session);
  const def = customer.invoice_settings.default_payment_method;
  return [...ctx.state.paymentMethods.values()]
    .filter((pm) => pm.customer === customer.id && pm.type === 'card' && allowed.includes(pm.allow_redisplay))
    .sort((a, b) => Number(b.id === def) - Number(a.id === def) || ctx.state.rank(b.id) - ctx.state.rank(a.id));
}

/** Whether the page shows "Save this card for future purchases" (it needs a customer to save to). */
export function offersSave(session: CheckoutSession): boolean {
  return (
    session.saved_payment_method_options?.payment_method_save === 'enabled' &&
    session.customer !== null &&
    session.mode !== 'setup'
  );
}

/** The saved card a buyer picked (page radio or the `pay` control), or Stripe's refusal of it. */
export function chosenMethod(
  ctx: StripeContext,
  session: CheckoutSession,
  id: string,
): { pm: PaymentMethod } | { error: StripeErrorBody } {
  const pm = ctx.state.paymentMethods.get(id);
  if (!pm) return { error: resourceMissing(id, 'payment_method').body };
  if (ctx.state.consumedPaymentMethods.has(pm.id)) {
    return { error: { type: 'invalid_request_error', message: REUSED_PAYMENT_METHOD } };
  }
  if (!session.customer || pm.customer !== session.customer) {
    return {
      error: {
        type: 'invalid_request_error',
        code: 'resource_missing',
        doc_url: docUrl('resource_missing'),
        message: notTheCustomers(pm.id),
        param: 'payment_method',
      },
    };
  }
  if (!offeredMethods(ctx, session).some((m) => m.id === pm.id)) {
    // The page would not list it; the sandbox's own wording (no Stripe request can pick it).
    return {
      error: {
        type: 'invalid_request_error',
        message: `This Checkout Session does not offer ${pm.id}: its allow_redisplay '${pm.allow_redisplay}' is not in saved_payment_method_options[allow_redisplay_filters] (${filters(session).join(', ')}).`,
        param: 'payment_method',
      },
    };
  }
  return { pm };
}

/**
 * Who pays with a saved card: its billing details stand for the address fields (which the page
 * hides with the card fields), the email and tax ID are still the page's. [unverified: Stripe's
 * page with a saved card and `billing_address_collection: required`]
 */
export function savedCardBuyer(
  session: CheckoutSession,
  customer: Customer | null,
  pm: PaymentMethod,
  input: BuyerInput,
): { buyer: Buyer } | { error: string } {
  const lenient = { ...session, billing_address_collection: null } as CheckoutSession;
  const collected = collectBuyer(lenient, customer, { email: input.email, name: input.name, taxId: input.taxId });
  if ('error' in collected) return collected;
  const billing = pm.billing_details;
  return {
    buyer: {
      ...collected.buyer,
      name: input.name ?? billing.name ?? collected.buyer.name,
      address: { ...collected.buyer.address, ...(billing.address as JsonObject) },
    },
  };
}

/**
 * How a new card paid on this session is kept on its customer, or null when it is not: the save
 * checkbox makes it `always`, `setup_future_usage` alone `limited`. Without a customer nothing is kept.
 */
export function keepsNewCard(ctx: StripeContext, session: CheckoutSession, save: boolean): AllowRedisplay | null {
  if (!session.customer) return null;
  if (save && offersSave(session)) return 'always';
  if (session.mode === 'subscription') return 'limited';
  return ctx.state.sessionMeta.get(session.id)?.setupFutureUsage ? 'limited' : null;
}

/** Puts a card on a customer (`payment_method.attached`), as Checkout does once the card went through. */
export function keepOnCustomer(
  ctx: StripeContext,
  pm: PaymentMethod,
  customerId: string,
  allowRedisplay: AllowRedisplay,
  request: RequestRef,
): void {
  pm.customer = customerId;
  pm.allow_redisplay = allowRedisplay;
  ctx.events.emit('payment_method.attached', pm, request);
}

/** A card used for a payment while on no customer: Stripe will not let it be used or attached again. */
export function markUsedWithoutCustomer(ctx: StripeContext, pm: PaymentMethod): void {
  if (!pm.customer) ctx.state.consumedPaymentMethods.add(pm.id);
}

const BRANDS: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express' };

/** `Visa •••• 4242 · expires 12/2034`, as the page lists a saved card. */
export function cardLabel(pm: PaymentMethod): string {
  const brand = BRANDS[pm.card.brand] ?? pm.card.brand.charAt(0).toUpperCase() + pm.card.brand.slice(1);
  const month = String(pm.card.exp_month).padStart(2, '0');
  return `${brand} •••• ${pm.card.last4} · expires ${month}/${pm.card.exp_year}`;
}
