import { JsonObject, clone } from '../../shared/json';
import { BuyerInput, collectBuyer, customerDetails } from '../buyer';
import { TestCard, findTestCard } from '../cards';
import { StripeContext } from '../context';
import { StripeErrorBody, docUrl } from '../errors';
import { RequestRef } from '../events';
import { newCustomer } from '../objects/customer';
import { BillingInput } from '../objects/payment';
import { Buyer } from '../state';
import { CheckoutSession, Customer, PaymentIntent, PaymentMethod } from '../types';
import {
  createPaymentIntent,
  createPaymentMethod,
  declineFor,
  failCharge,
  pendCharge,
  settlePendingCharge,
  succeedCharge,
} from './charge';
import { createDispute } from './dispute';
import { startSubscription } from './subscription';

export interface PayInput extends BuyerInput {
  card: string;
  /** Behave like a delayed-notification method: completed but unpaid until settled. */
  async?: boolean;
}

export type PayResult =
  | { outcome: 'succeeded' | 'processing'; session: CheckoutSession }
  | { outcome: 'requires_action'; session: CheckoutSession; authUrl: string }
  | { outcome: 'declined'; session: CheckoutSession; error: StripeErrorBody }
  | { outcome: 'rejected'; session: CheckoutSession; error: StripeErrorBody };

function rejected(session: CheckoutSession, message: string, code: string): PayResult {
  return {
    outcome: 'rejected',
    session,
    error: {
      type: code === 'invalid_number' ? 'card_error' : 'invalid_request_error',
      code,
      doc_url: docUrl(code),
      message,
    },
  };
}

/** What the card's PaymentMethod records: Checkout copies the billing details onto it. */
function billingOf(buyer: Buyer): BillingInput {
  return { email: buyer.email, name: buyer.name, address: buyer.address };
}

function hasAddress(address: JsonObject): boolean {
  return Object.values(address).some((v) => v !== null);
}

function complete(session: CheckoutSession, buyer: Buyer, customer: Customer | null, paid: boolean): void {
  session.status = 'complete';
  session.url = null;
  session.payment_status = session.mode === 'setup' ? 'no_payment_required' : paid ? 'paid' : 'unpaid';
  if (customer) session.customer = customer.id;
  session.customer_details = customerDetails(buyer, customer);
}

/**
 * `customer_update`: Checkout writes the name and billing address entered onto the session's
 * existing customer (`customer.updated`). The tax ID Stripe also attaches to it is not modelled.
 */
function updateCustomer(ctx: StripeContext, session: CheckoutSession, buyer: Buyer, request: RequestRef): void {
  const update = ctx.state.sessionMeta.get(session.id)?.customerUpdate ?? {};
  const customer = session.customer ? ctx.state.customers.get(session.customer) : undefined;
  if (!customer) return;
  const previous: JsonObject = {};
  if (update.name === 'auto' && customer.name !== buyer.name) {
    previous.name = customer.name;
    customer.name = buyer.name;
  }
  if (update.address === 'auto' && hasAddress(buyer.address)) {
    previous.address = customer.address ? clone(customer.address) : null;
    customer.address = { ...buyer.address };
  }
  if (Object.keys(previous).length) ctx.events.emit('customer.updated', customer, request, previous);
}

/** Subscription and setup modes need a customer; Checkout creates one when none was given. */
function ensureCustomer(ctx: StripeContext, session: CheckoutSession, buyer: Buyer, request: RequestRef): Customer {
  if (session.customer) return ctx.state.customers.get(session.customer) as Customer;
  const customer = newCustomer({ email: buyer.email ?? session.customer_email, name: buyer.name });
  if (hasAddress(buyer.address)) customer.address = { ...buyer.address };
  ctx.state.track(customer);
  ctx.state.customers.set(customer.id, customer);
  ctx.events.emit('customer.created', customer, request);
  session.customer = customer.id;
  return customer;
}

function paymentIntentFor(ctx: StripeContext, session: CheckoutSession, request: RequestRef): PaymentIntent {
  const existing = session.payment_intent ? ctx.state.paymentIntents.get(session.payment_intent) : undefined;
  if (existing) return existing;
  const meta = ctx.state.sessionMeta.get(session.id);
  const pi = createPaymentIntent(
    ctx,
    {
      amount: session.amount_total ?? 0,
      currency: session.currency ?? 'usd',
      customer: session.customer,
      metadata: meta?.paymentIntentMetadata ?? {},
    },
    request,
  );
  session.payment_intent = pi.id;
  return pi;
}

/** The card went through (directly or after 3-D Secure): finish the session for its mode. */
function succeed(
  ctx: StripeContext,
  session: CheckoutSession,
  card: TestCard,
  buyer: Buyer,
  async: boolean,
  request: RequestRef,
): PayResult {
  const meta = ctx.state.sessionMeta.get(session.id);
  updateCustomer(ctx, session, buyer, request);
  if (session.mode === 'setup') {
    const customer = session.customer ? (ctx.state.customers.get(session.customer) as Customer) : null;
    const pm = createPaymentMethod(ctx, card, billingOf(buyer), customer?.id ?? null, request);
    const si = ctx.state.setupIntents.get(session.setup_intent as string);
    if (si) {
      si.status = 'succeeded';
      si.payment_method = pm.id;
      si.last_setup_error = null;
      si.next_action = null;
      ctx.events.emit('setup_intent.succeeded', si, request);
    }
    complete(session, buyer, customer, false);
    ctx.events.emit('checkout.session.completed', session, request);
    return { outcome: 'succeeded', session };
  }
  if (session.mode === 'subscription') {
    const customer = ensureCustomer(ctx, session, buyer, request);
    const pm = createPaymentMethod(ctx, card, billingOf(buyer), customer.id, request);
    // Checkout saves the tax IDs it collected on the customer; its invoices show them.
    if (buyer.taxIds.length > 0) ctx.state.customerTaxIds.set(customer.id, [...buyer.taxIds]);
    const items = (meta?.lineItems ?? []).map((li) => ({ price: li.price, quantity: li.quantity }));
    const trialPeriodDays = meta?.trialPeriodDays;
    const sub = startSubscription(
      ctx,
      { customer, items, metadata: meta?.subscriptionMetadata ?? {}, pm, trialPeriodDays },
      request,
    );
    session.subscription = sub.id;
    session.invoice = sub.latest_invoice;
    complete(session, buyer, customer, true);
    // A trial charges nothing today: the payment is delayed to the trial's end.
    if (trialPeriodDays) session.payment_status = 'no_payment_required';
    ctx.events.emit('checkout.session.completed', session, request);
    return { outcome: 'succeeded', session };
  }
  const pi = paymentIntentFor(ctx, session, request);
  const pm = pendingMethod(ctx, pi) ?? createPaymentMethod(ctx, card, billingOf(buyer), null, request);
  const customer = session.customer ? (ctx.state.customers.get(session.customer) as Customer) : null;
  if (async) {
    pendCharge(ctx, pi, pm, request);
    if (meta) meta.awaitingSettlement = true;
    complete(session, buyer, customer, false);
    ctx.events.emit('checkout.session.completed', session, request);
    return { outcome: 'processing', session };
  }
  const charge = succeedCharge(ctx, pi, pm, request);
  complete(session, buyer, customer, true);
  ctx.events.emit('checkout.session.completed', session, request);
  // Stripe opens these test cards' disputes right after the payment.
  if (card.behaviour.kind === 'success_then_dispute')
    createDispute(ctx, charge, { amount: charge.amount, reason: 'fraudulent', kind: 'chargeback' }, request);
  if (card.behaviour.kind === 'success_then_inquiry')
    createDispute(ctx, charge, { amount: charge.amount, reason: 'general', kind: 'inquiry' }, request);
  return { outcome: 'succeeded', session };
}

function pendingMethod(ctx: StripeContext, pi: PaymentIntent): PaymentMethod | undefined {
  return pi.status === 'requires_action' && pi.payment_method
    ? ctx.state.paymentMethods.get(pi.payment_method)
    : undefined;
}

/** Pays an open session with a test card, the way the hosted page's Pay button does. */
export function paySession(
  ctx: StripeContext,
  session: CheckoutSession,
  input: PayInput,
  request: RequestRef,
): PayResult {
  if (session.status !== 'open')
    return rejected(
      session,
      `This Checkout Session is no longer active (status: ${session.status}).`,
      'checkout_session_not_open',
    );
  const card = findTestCard(input.card);
  if (!card)
    return rejected(
      session,
      'Your card number is invalid. Use a Stripe test card such as 4242 4242 4242 4242.',
      'invalid_number',
    );
  // The page checks its billing fields before anything reaches the card network.
  const customer = session.customer ? (ctx.state.customers.get(session.customer) ?? null) : null;
  const collected = collectBuyer(session, customer, input);
  if ('error' in collected) return rejected(session, collected.error, 'billing_details_invalid');
  const { buyer } = collected;
  const decline = declineFor(card);
  // Setup mode and trials only save the card, so a card that attaches but fails charges (0341) goes through.
  const savesOnly = session.mode === 'setup' || Boolean(ctx.state.sessionMeta.get(session.id)?.trialPeriodDays);
  if (decline && !(savesOnly && card.behaviour.kind === 'attach_then_decline')) {
    if (session.mode === 'payment') {
      const pi = paymentIntentFor(ctx, session, request);
      const pm = createPaymentMethod(ctx, card, billingOf(buyer), null, request);
      return { outcome: 'declined', session, error: failCharge(ctx, pi, pm, decline, request) };
    }
    if (session.mode === 'setup')
      return {
        outcome: 'declined',
        session,
        error: failSetup(ctx, session, card, buyer, decline.code, decline.declineCode, decline.message, request),
      };
    return {
      outcome: 'declined',
      session,
      error: {
        type: 'card_error',
        code: decline.code,
        decline_code: decline.declineCode,
        doc_url: docUrl(decline.code),
        message: decline.message,
      },
    };
  }
  if (card.behaviour.kind === 'authentication_required') {
    const meta = ctx.state.sessionMeta.get(session.id);
    if (meta) meta.pendingAuth = { card: card.number, buyer };
    const authUrl = `${ctx.pageBaseUrl()}/c/3ds/${session.id}`;
    if (session.mode === 'payment') {
      const pi = paymentIntentFor(ctx, session, request);
      const pm = createPaymentMethod(ctx, card, billingOf(buyer), null, request);
      pi.status = 'requires_action';
      pi.payment_method = pm.id;
      pi.next_action = {
        redirect_to_url: { return_url: `${ctx.pageBaseUrl()}/c/pay/${session.id}`, url: authUrl },
        type: 'redirect_to_url',
      };
      ctx.events.emit('payment_intent.requires_action', pi, request);
    }
    return { outcome: 'requires_action', session, authUrl };
  }
  return succeed(ctx, session, card, buyer, input.async === true, request);
}

function failSetup(
  ctx: StripeContext,
  session: CheckoutSession,
  card: TestCard,
  buyer: Buyer,
  code: string,
  declineCode: string,
  message: string,
  request: RequestRef,
): StripeErrorBody {
  const pm = createPaymentMethod(ctx, card, billingOf(buyer), null, request);
  const error: StripeErrorBody = {
    code,
    decline_code: declineCode,
    doc_url: docUrl(code),
    message,
    payment_method: pm as unknown as JsonObject,
    type: 'card_error',
  };
  const si = ctx.state.setupIntents.get(session.setup_intent as string);
  if (si) {
    si.status = 'requires_payment_method';
    si.last_setup_error = error as unknown as JsonObject;
    ctx.events.emit('setup_intent.setup_failed', si, request);
  }
  return error;
}

/** Completes or fails the 3-D Secure step started by a card like 4000 0027 6000 3184. */
export function authenticate(
  ctx: StripeContext,
  session: CheckoutSession,
  passed: boolean,
  request: RequestRef,
): PayResult {
  const meta = ctx.state.sessionMeta.get(session.id);
  const pending = meta?.pendingAuth;
  if (session.status !== 'open' || !meta || !pending) {
    return rejected(
      session,
      'There is no authentication pending for this Checkout Session.',
      'payment_intent_unexpected_state',
    );
  }
  delete meta.pendingAuth;
  const card = findTestCard(pending.card) as TestCard;
  if (passed) return succeed(ctx, session, card, pending.buyer, false, request);
  const error: StripeErrorBody = {
    code: 'payment_intent_authentication_failure',
    doc_url: docUrl('payment_intent_authentication_failure'),
    message:
      'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
    type: 'invalid_request_error',
  };
  const pi = session.payment_intent ? ctx.state.paymentIntents.get(session.payment_intent) : undefined;
  if (pi) {
    const pm = pi.payment_method ? ctx.state.paymentMethods.get(pi.payment_method) : undefined;
    pi.status = 'requires_payment_method';
    pi.next_action = null;
    pi.payment_method = null;
    pi.last_payment_error = { ...error, ...(pm ? { payment_method: pm } : {}) } as unknown as JsonObject;
    ctx.events.emit('payment_intent.payment_failed', pi, request);
  }
  return { outcome: 'declined', session, error };
}

/** Settles a delayed-notification payment: `checkout.session.async_payment_succeeded|failed`. */
export function settleAsync(
  ctx: StripeContext,
  session: CheckoutSession,
  succeeded: boolean,
  request: RequestRef,
): PayResult {
  const meta = ctx.state.sessionMeta.get(session.id);
  const pi = session.payment_intent ? ctx.state.paymentIntents.get(session.payment_intent) : undefined;
  const pm = pi?.payment_method ? ctx.state.paymentMethods.get(pi.payment_method) : undefined;
  if (!meta?.awaitingSettlement || !pi || !pm)
    return rejected(
      session,
      'This Checkout Session has no payment awaiting settlement.',
      'payment_intent_unexpected_state',
    );
  const charge = pi.latest_charge ? ctx.state.charges.get(pi.latest_charge) : undefined;
  if (!charge)
    return rejected(
      session,
      'This Checkout Session has no payment awaiting settlement.',
      'payment_intent_unexpected_state',
    );
  meta.awaitingSettlement = false;
  if (succeeded) {
    settlePendingCharge(ctx, pi, charge, pm, null, request);
    session.payment_status = 'paid';
    ctx.events.emit('checkout.session.async_payment_succeeded', session, request);
    return { outcome: 'succeeded', session };
  }
  const decline = {
    kind: 'decline',
    code: 'payment_method_provider_decline',
    declineCode: 'generic_decline',
    message: 'The payment was declined by the bank.',
  } as const;
  const error = settlePendingCharge(ctx, pi, charge, pm, decline, request) as StripeErrorBody;
  ctx.events.emit('checkout.session.async_payment_failed', session, request);
  return { outcome: 'declined', session, error };
}
