import { nowSeconds } from '../../shared/json';
import { findTestCard } from '../cards';
import { StripeContext } from '../context';
import { StripeErrorBody } from '../errors';
import { RequestRef } from '../events';
import { newInvoice, newSubscription, periodEnd, BillingReason } from '../objects/billing';
import { Customer, Invoice, PaymentMethod, Price, Recurring, Subscription } from '../types';
import { GENERIC_DECLINE, createPaymentIntent, declineFor, failCharge, succeedCharge } from './charge';

function issueInvoice(
  ctx: StripeContext,
  sub: Subscription,
  customer: Customer,
  reason: BillingReason,
  request: RequestRef,
): Invoice {
  const seq = Number(customer.next_invoice_sequence ?? 1);
  customer.next_invoice_sequence = seq + 1;
  const invoice = newInvoice(sub, customer, reason, seq);
  ctx.state.track(invoice);
  ctx.state.invoices.set(invoice.id, invoice);
  ctx.events.emit('invoice.created', invoice, request);
  invoice.status = 'open';
  invoice.status_transitions.finalized_at = nowSeconds();
  invoice.hosted_invoice_url = `https://invoice.stripe.com/i/acct_sandbox/test_${invoice.id.slice(3)}`;
  invoice.invoice_pdf = `https://pay.stripe.com/invoice/acct_sandbox/test_${invoice.id.slice(3)}/pdf`;
  ctx.events.emit('invoice.finalized', invoice, request);
  sub.latest_invoice = invoice.id;
  return invoice;
}

/** Charges an open invoice with the card on file; returns the card error when it is declined. */
function collect(
  ctx: StripeContext,
  invoice: Invoice,
  pm: PaymentMethod | undefined,
  forceFail: boolean,
  request: RequestRef,
): StripeErrorBody | null {
  invoice.attempted = true;
  invoice.attempt_count += 1;
  const card = pm ? findTestCard(ctx.state.pmCards.get(pm.id) ?? '') : undefined;
  const decline = forceFail ? GENERIC_DECLINE : card ? declineFor(card) : null;
  if (!pm || decline) {
    invoice.next_payment_attempt = nowSeconds() + 3 * 86400;
    let error: StripeErrorBody = {
      type: 'invalid_request_error',
      code: 'invoice_no_payment_method',
      message: 'There is no default payment method to charge.',
    };
    if (pm && decline) {
      const pi = invoicePaymentIntent(ctx, invoice, request);
      error = failCharge(ctx, pi, pm, decline, request);
    }
    ctx.events.emit('invoice.payment_failed', invoice, request);
    return error;
  }
  succeedCharge(ctx, invoicePaymentIntent(ctx, invoice, request), pm, request);
  invoice.status = 'paid';
  invoice.amount_paid = invoice.total;
  invoice.amount_remaining = 0;
  invoice.next_payment_attempt = null;
  invoice.status_transitions.paid_at = nowSeconds();
  ctx.events.emit('invoice.paid', invoice, request);
  ctx.events.emit('invoice.payment_succeeded', invoice, request);
  return null;
}

function invoicePaymentIntent(ctx: StripeContext, invoice: Invoice, request: RequestRef) {
  const pi = createPaymentIntent(
    ctx,
    {
      amount: invoice.total,
      currency: invoice.currency,
      customer: invoice.customer,
      metadata: {},
      description: invoice.billing_reason === 'subscription_create' ? 'Subscription creation' : 'Subscription update',
    },
    request,
  );
  ctx.state.invoicePayments.set(invoice.id, pi.id);
  return pi;
}

/** Checkout in subscription mode after the card succeeded: subscription + first (paid) invoice. */
export function startSubscription(
  ctx: StripeContext,
  customer: Customer,
  items: Array<{ price: Price; quantity: number }>,
  metadata: Record<string, string>,
  pm: PaymentMethod,
  request: RequestRef,
): Subscription {
  const sub = newSubscription({
    customer: customer.id,
    items: items.filter((i) => i.price.recurring),
    metadata,
    defaultPaymentMethod: pm.id,
  });
  ctx.state.track(sub);
  ctx.state.subscriptions.set(sub.id, sub);
  // Stripe creates the subscription incomplete, pays the first invoice, then activates it.
  ctx.events.emit('customer.subscription.created', sub, request);
  const invoice = issueInvoice(ctx, sub, customer, 'subscription_create', request);
  collect(ctx, invoice, pm, false, request);
  sub.status = 'active';
  ctx.events.emit('customer.subscription.updated', sub, request, { status: 'incomplete' });
  return sub;
}

function cancelNow(ctx: StripeContext, sub: Subscription, request: RequestRef, reason: string): void {
  const now = nowSeconds();
  sub.status = 'canceled';
  sub.canceled_at = sub.canceled_at ?? now;
  sub.ended_at = now;
  sub.cancellation_details = { comment: null, feedback: null, reason };
  ctx.events.emit('customer.subscription.deleted', sub, request);
}

export function cancelSubscription(ctx: StripeContext, sub: Subscription, request: RequestRef): Subscription {
  cancelNow(ctx, sub, request, 'cancellation_requested');
  return sub;
}

/**
 * One billing cycle passes (what a test clock would do): a `subscription_cycle` invoice is
 * charged to the default payment method; failure leaves it open and the subscription past_due.
 */
export function renewSubscription(
  ctx: StripeContext,
  sub: Subscription,
  request: RequestRef,
): { subscription: Subscription; invoice: Invoice | null; error: StripeErrorBody | null } {
  if (sub.cancel_at_period_end) {
    cancelNow(ctx, sub, request, 'cancellation_requested');
    return { subscription: sub, invoice: null, error: null };
  }
  const customer = ctx.state.customers.get(sub.customer) as Customer;
  const previous = {
    latest_invoice: sub.latest_invoice,
    items: {
      data: sub.items.data.map((i) => ({
        id: i.id,
        current_period_start: i.current_period_start,
        current_period_end: i.current_period_end,
      })),
    },
  };
  for (const item of sub.items.data) {
    item.current_period_start = item.current_period_end;
    item.current_period_end = periodEnd(item.current_period_start, item.price.recurring as Recurring);
  }
  const invoice = issueInvoice(ctx, sub, customer, 'subscription_cycle', request);
  const pmId = sub.default_payment_method ?? customer.invoice_settings.default_payment_method;
  const pm = pmId ? ctx.state.paymentMethods.get(pmId) : undefined;
  const forceFail = ctx.state.failNextPayment.delete(sub.id);
  const error = collect(ctx, invoice, pm, forceFail, request);
  const oldStatus = sub.status;
  sub.status = error ? 'past_due' : 'active';
  ctx.events.emit(
    'customer.subscription.updated',
    sub,
    request,
    oldStatus !== sub.status ? { ...previous, status: oldStatus } : previous,
  );
  return { subscription: sub, invoice, error };
}
