import { JsonObject } from '../../shared/json';
import { findTestCard } from '../cards';
import { StripeContext } from '../context';
import { StripeErrorBody, docUrl } from '../errors';
import { RequestRef } from '../events';
import { BillingReason, newInvoice, newInvoicePayment } from '../objects/invoice';
import { Customer, Invoice, InvoicePayment, PaymentIntent, PaymentMethod, Subscription } from '../types';
import { GENERIC_DECLINE, createPaymentIntent, declineFor, failCharge, succeedCharge } from './charge';

export interface IssueOptions {
  reason: BillingReason;
  /** The subscription's clock. */
  now: number;
  period: { start: number; end: number };
  trial?: boolean;
  /** An unpaid subscription's invoices are created but left as drafts (never finalized or attempted). */
  draft?: boolean;
}

/**
 * A subscription invoice: created and finalized (number, hosted page, and for an amount due its
 * PaymentIntent and default InvoicePayment); when nothing is due it is paid at once.
 */
export function issueInvoice(
  ctx: StripeContext,
  sub: Subscription,
  customer: Customer,
  opts: IssueOptions,
  request: RequestRef,
): Invoice {
  const invoice = newInvoice({
    sub,
    customer,
    reason: opts.reason,
    now: opts.now,
    period: opts.period,
    trial: opts.trial,
    taxIds: ctx.state.customerTaxIds.get(customer.id) ?? [],
  });
  ctx.state.track(invoice);
  ctx.state.invoices.set(invoice.id, invoice);
  sub.latest_invoice = invoice.id;
  ctx.events.emit('invoice.created', invoice, request);
  if (opts.draft) {
    invoice.auto_advance = false;
    return invoice;
  }
  finalizeInvoice(ctx, invoice, customer, opts.now, request);
  return invoice;
}

/** draft → open (`invoice.finalized`); an invoice with nothing due is then paid at once, as Stripe does. */
export function finalizeInvoice(
  ctx: StripeContext,
  invoice: Invoice,
  customer: Customer,
  now: number,
  request: RequestRef,
): void {
  const seq = Number(customer.next_invoice_sequence ?? 1);
  customer.next_invoice_sequence = seq + 1;
  invoice.number = `${String(customer.invoice_prefix)}-${String(seq).padStart(4, '0')}`;
  invoice.status = 'open';
  invoice.status_transitions.finalized_at = now;
  invoice.effective_at = now;
  invoice.ending_balance = 0;
  invoice.hosted_invoice_url = `https://invoice.stripe.com/i/acct_sandbox/test_${invoice.id.slice(3)}`;
  invoice.invoice_pdf = `https://pay.stripe.com/invoice/acct_sandbox/test_${invoice.id.slice(3)}/pdf`;
  if (invoice.amount_due > 0) {
    const pi = createPaymentIntent(
      ctx,
      {
        amount: invoice.amount_due,
        currency: invoice.currency,
        customer: customer.id,
        metadata: {},
        description: invoice.billing_reason === 'subscription_create' ? 'Subscription creation' : 'Subscription update',
      },
      request,
    );
    const inpay = ctx.state.track(newInvoicePayment(invoice, pi, now));
    ctx.state.invoicePayments.set(inpay.id, inpay);
    ctx.state.defaultInvoicePayment.set(invoice.id, inpay.id);
  }
  ctx.events.emit('invoice.finalized', invoice, request);
  if (invoice.amount_due === 0) markPaid(ctx, invoice, now, request);
}

export function invoicePaymentOf(ctx: StripeContext, invoice: Invoice): InvoicePayment | undefined {
  const id = ctx.state.defaultInvoicePayment.get(invoice.id);
  return id ? ctx.state.invoicePayments.get(id) : undefined;
}

function paymentIntentOf(ctx: StripeContext, invoice: Invoice): PaymentIntent | undefined {
  const inpay = invoicePaymentOf(ctx, invoice);
  return inpay ? ctx.state.paymentIntents.get(inpay.payment.payment_intent) : undefined;
}

/** `invoice.paid`, `invoice.payment_succeeded`, then the InvoicePayment's `invoice_payment.paid`. */
export function markPaid(ctx: StripeContext, invoice: Invoice, now: number, request: RequestRef): void {
  invoice.status = 'paid';
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.next_payment_attempt = null;
  invoice.status_transitions.paid_at = now;
  delete invoice.status_details;
  ctx.events.emit('invoice.paid', invoice, request);
  ctx.events.emit('invoice.payment_succeeded', invoice, request);
  const inpay = invoicePaymentOf(ctx, invoice);
  if (inpay) {
    inpay.status = 'paid';
    inpay.amount_paid = inpay.amount_requested;
    inpay.status_transitions.paid_at = now;
    ctx.events.emit('invoice_payment.paid', inpay, request);
  }
}

export type AttemptOutcome = 'paid' | 'declined' | 'requires_action' | 'no_payment_method';

export interface Attempt {
  outcome: AttemptOutcome;
  error: StripeErrorBody | null;
}

export interface AttemptOptions {
  now: number;
  /** A forced decline (`/_sandbox/subscriptions/:id/fail_next_payment`). */
  forceFail?: boolean;
  /** The buyer is present and has just authenticated (Checkout's 3-D Secure step, the hosted invoice page). */
  authenticated?: boolean;
  /** Automatic attempts count towards the retry schedule; manual `pay` calls only count as the first attempt. */
  countAttempt: boolean;
  /** `next_payment_attempt` to show if this attempt fails (the dunning schedule); undefined leaves it as is. */
  nextAttemptOnFailure?: number | null;
}

/**
 * Stripe's answer when an invoice's payment needs the customer to authenticate (3-D Secure): a card error
 * (402) without the PaymentIntent in it, which is read from the invoice's payments. [unverified wording]
 */
export const REQUIRES_ACTION_ERROR: StripeErrorBody = {
  code: 'invoice_payment_intent_requires_action',
  doc_url: docUrl('invoice_payment_intent_requires_action'),
  message:
    'This payment requires additional user action before it can be completed successfully. Payment can be completed using the PaymentIntent associated with the invoice. For more details see: https://stripe.com/docs/billing/subscriptions/overview#requires-action',
  type: 'card_error',
};

const NO_PAYMENT_METHOD: StripeErrorBody = {
  type: 'invalid_request_error',
  code: 'invoice_no_payment_method',
  message: 'There is no default payment method to charge.',
};

/** Whether a card asks for authentication even off-session (4000 0027 6000 3184; 3155 is fine once set up). */
function alwaysAuthenticates(pm: PaymentMethod, ctx: StripeContext): boolean {
  const card = findTestCard(ctx.state.pmCards.get(pm.id) ?? '');
  return card?.behaviour.kind === 'authentication_required' && card.behaviour.always === true;
}

/**
 * One attempt to pay an open invoice with a card through its PaymentIntent (retries reuse it, each
 * with a new charge). Declines send `invoice.payment_failed`; a card that needs 3-D Secure leaves the
 * PaymentIntent `requires_action` and sends `invoice.payment_failed` then `invoice.payment_action_required`.
 */
export function attemptPayment(
  ctx: StripeContext,
  invoice: Invoice,
  pm: PaymentMethod | undefined,
  opts: AttemptOptions,
  request: RequestRef,
): Attempt {
  invoice.attempted = true;
  if (opts.countAttempt || invoice.attempt_count === 0) invoice.attempt_count += 1;
  const failed = () => {
    if (opts.nextAttemptOnFailure !== undefined) invoice.next_payment_attempt = opts.nextAttemptOnFailure;
  };
  const pi = paymentIntentOf(ctx, invoice);
  if (!pm || !pi) {
    failed();
    ctx.events.emit('invoice.payment_failed', invoice, request);
    return { outcome: 'no_payment_method', error: NO_PAYMENT_METHOD };
  }
  const card = findTestCard(ctx.state.pmCards.get(pm.id) ?? '');
  const decline = opts.forceFail ? GENERIC_DECLINE : card ? declineFor(card) : null;
  if (decline) {
    const error = failCharge(ctx, pi, pm, decline, request);
    failed();
    ctx.events.emit('invoice.payment_failed', invoice, request);
    return { outcome: 'declined', error };
  }
  if (!opts.authenticated && alwaysAuthenticates(pm, ctx)) {
    pi.status = 'requires_action';
    pi.payment_method = pm.id;
    pi.last_payment_error = null;
    pi.next_action = {
      type: 'use_stripe_sdk',
      use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: String(invoice.hosted_invoice_url) },
    };
    ctx.events.emit('payment_intent.requires_action', pi, request);
    failed();
    ctx.events.emit('invoice.payment_failed', invoice, request);
    ctx.events.emit('invoice.payment_action_required', invoice, request);
    return { outcome: 'requires_action', error: { ...REQUIRES_ACTION_ERROR } };
  }
  succeedCharge(ctx, pi, pm, request);
  markPaid(ctx, invoice, opts.now, request);
  return { outcome: 'paid', error: null };
}

/** The student fails 3-D Secure on the hosted invoice page: the PaymentIntent needs a new payment method. */
export function failAuthentication(ctx: StripeContext, invoice: Invoice, request: RequestRef): StripeErrorBody {
  const pi = paymentIntentOf(ctx, invoice) as PaymentIntent;
  const pm = pi.payment_method ? ctx.state.paymentMethods.get(pi.payment_method) : undefined;
  const error: StripeErrorBody = {
    code: 'payment_intent_authentication_failure',
    doc_url: docUrl('payment_intent_authentication_failure'),
    message:
      'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
    type: 'invalid_request_error',
  };
  pi.status = 'requires_payment_method';
  pi.next_action = null;
  pi.payment_method = null;
  pi.last_payment_error = { ...error, ...(pm ? { payment_method: pm } : {}) } as unknown as JsonObject;
  ctx.events.emit('payment_intent.payment_failed', pi, request);
  ctx.events.emit('invoice.payment_failed', invoice, request);
  return error;
}

/** The PaymentIntent of an invoice that waits for the customer to authenticate, if any. */
export function pendingAuthentication(ctx: StripeContext, invoice: Invoice): PaymentIntent | undefined {
  const pi = paymentIntentOf(ctx, invoice);
  return pi?.status === 'requires_action' ? pi : undefined;
}

/** The card an invoice of this subscription is charged to: the subscription's default, then the customer's. */
export function defaultPaymentMethod(
  ctx: StripeContext,
  sub: Subscription,
  customer: Customer,
): PaymentMethod | undefined {
  const id = sub.default_payment_method ?? customer.invoice_settings.default_payment_method;
  return id ? ctx.state.paymentMethods.get(id) : undefined;
}
