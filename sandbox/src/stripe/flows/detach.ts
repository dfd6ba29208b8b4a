import { StripeContext } from '../context';
import { RequestRef } from '../events';
import { PaymentMethod } from '../types';

/**
 * Takes a card off its customer for good: it can never be attached or used again. A default that
 * pointed at it (the customer's `invoice_settings.default_payment_method`, a subscription's
 * `default_payment_method`) no longer does.
 *
 * Quirk kept on purpose: Stripe sends only `payment_method.detached` (its `previous_attributes`
 * name the customer), no `customer.updated` for the default it clears: integrations that mirror
 * the default from webhooks keep pointing at the detached card (dj-stripe #1836, verified there on
 * API versions 2020 and 2023; Polar and Lago clear it themselves on `payment_method.detached`).
 * [unverified: that a subscription's default is cleared too]
 *
 * `silent`: the `/_sandbox/payment_methods/:id/detach_silently` control; the same change with no
 * event at all, as when a webhook is lost, so tests can check a refresh finds it gone.
 */
export function detachPaymentMethod(
  ctx: StripeContext,
  pm: PaymentMethod,
  request: RequestRef,
  options: { silent?: boolean } = {},
): PaymentMethod {
  const owner = pm.customer;
  pm.customer = null;
  ctx.state.consumedPaymentMethods.add(pm.id);
  const customer = owner ? ctx.state.customers.get(owner) : undefined;
  if (customer && customer.invoice_settings.default_payment_method === pm.id)
    customer.invoice_settings.default_payment_method = null;
  for (const sub of ctx.state.subscriptions.values())
    if (sub.default_payment_method === pm.id) sub.default_payment_method = null;
  if (!options.silent) ctx.events.emit('payment_method.detached', pm, request, { customer: owner });
  return pm;
}
