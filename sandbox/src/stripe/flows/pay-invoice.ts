import { JsonObject, nowSeconds } from '../../shared/json';
import { subClock } from '../clock';
import { StripeContext } from '../context';
import { StripeError, StripeErrorBody, invalidParam, invalidState, resourceMissing } from '../errors';
import { RequestRef } from '../events';
import { Customer, Invoice, PaymentMethod, Subscription } from '../types';
import {
  Attempt,
  attemptPayment,
  defaultPaymentMethod,
  failAuthentication,
  finalizeInvoice,
  pendingAuthentication,
} from './invoice';

/** The subscription an invoice bills (basil+: `parent.subscription_details.subscription`). */
export function subscriptionOf(ctx: StripeContext, invoice: Invoice): Subscription | undefined {
  const parent = invoice.parent as { subscription_details?: { subscription?: string } } | null;
  const id = parent?.subscription_details?.subscription;
  return id ? ctx.state.subscriptions.get(id) : undefined;
}

function clockOf(ctx: StripeContext, invoice: Invoice): number {
  const sub = subscriptionOf(ctx, invoice);
  return sub ? subClock(ctx.state, sub) : nowSeconds();
}

/** Paying a subscription's latest invoice brings it back from past_due or unpaid. */
function reactivate(ctx: StripeContext, invoice: Invoice, request: RequestRef): void {
  const sub = subscriptionOf(ctx, invoice);
  if (!sub || sub.latest_invoice !== invoice.id || (sub.status !== 'past_due' && sub.status !== 'unpaid')) return;
  const previous = sub.status;
  sub.status = 'active';
  ctx.events.emit('customer.subscription.updated', sub, request, { status: previous });
}

function methodFor(ctx: StripeContext, invoice: Invoice, customer: Customer, pmId?: string): PaymentMethod {
  if (pmId) {
    const pm = ctx.state.paymentMethods.get(pmId);
    if (!pm) throw resourceMissing(pmId, 'payment_method');
    if (pm.customer !== customer.id)
      throw invalidParam(
        'payment_method',
        `The customer does not have a payment method with the ID ${pmId}. The payment method must be attached to the customer.`,
      );
    return pm;
  }
  const sub = subscriptionOf(ctx, invoice);
  const pm = sub
    ? defaultPaymentMethod(ctx, sub, customer)
    : customer.invoice_settings.default_payment_method
      ? ctx.state.paymentMethods.get(customer.invoice_settings.default_payment_method)
      : undefined;
  if (!pm) {
    // [unverified wording]
    throw invalidState(
      'This customer has no attached payment source or default payment method. Please consider adding a default payment method.',
    );
  }
  return pm;
}

/**
 * `POST /v1/invoices/:id/pay`: one attempt with the given card or the default one (a draft is
 * finalized first). Stripe's 402 card error on a decline, or its "requires action" error for a card
 * that needs 3-D Secure (an API call cannot authenticate; `off_session` changes nothing here); the
 * invoice stays open. Manual attempts after the first do not move the retry schedule.
 */
export function payInvoice(
  ctx: StripeContext,
  invoice: Invoice,
  input: { paymentMethod?: string },
  request: RequestRef,
): Invoice {
  if (invoice.status === 'paid') throw invalidState('Invoice is already paid');
  if (invoice.status === 'void') throw invalidState('This invoice has been voided and can no longer be paid.');
  const customer = ctx.state.customers.get(invoice.customer) as Customer;
  const pm = methodFor(ctx, invoice, customer, input.paymentMethod);
  const now = clockOf(ctx, invoice);
  if (invoice.status === 'draft') {
    invoice.auto_advance = true;
    finalizeInvoice(ctx, invoice, customer, now, request);
    // A draft with nothing due is paid by finalizing it.
    if ((invoice.status as Invoice['status']) === 'paid') return invoice;
  }
  const attempt = attemptPayment(ctx, invoice, pm, { now, countAttempt: false }, request);
  if (attempt.outcome !== 'paid') throw new StripeError(402, attempt.error as StripeErrorBody);
  reactivate(ctx, invoice, request);
  return invoice;
}

export interface AuthenticationResult {
  invoice: Invoice;
  subscription: Subscription | null;
  payment_intent: JsonObject | null;
  error: StripeErrorBody | null;
}

/**
 * The student on the hosted invoice page confirms (or fails) the 3-D Secure step of an invoice whose
 * PaymentIntent is `requires_action`. Null when nothing waits for authentication.
 */
export function authenticateInvoice(
  ctx: StripeContext,
  invoice: Invoice,
  passed: boolean,
  request: RequestRef,
): AuthenticationResult | null {
  const pi =
    invoice.status === 'open' || invoice.status === 'uncollectible' ? pendingAuthentication(ctx, invoice) : undefined;
  if (!pi) return null;
  let attempt: Attempt;
  if (passed) {
    const pm = ctx.state.paymentMethods.get(pi.payment_method as string);
    attempt = attemptPayment(
      ctx,
      invoice,
      pm,
      { now: clockOf(ctx, invoice), authenticated: true, countAttempt: false },
      request,
    );
    if (attempt.outcome === 'paid') reactivate(ctx, invoice, request);
  } else {
    attempt = { outcome: 'declined', error: failAuthentication(ctx, invoice, request) };
  }
  return {
    invoice,
    subscription: subscriptionOf(ctx, invoice) ?? null,
    payment_intent: pi,
    error: attempt.error,
  };
}
