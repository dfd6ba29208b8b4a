import { JsonObject, clone } from '../../shared/json';
import { customerDetails } from '../buyer';
import { TestCard } from '../cards';
import { StripeContext } from '../context';
import { RequestRef } from '../events';
import { newCustomer } from '../objects/customer';
import { BillingInput } from '../objects/payment';
import { Buyer } from '../state';
import { CheckoutSession, Customer, PaymentIntent, PaymentMethod } from '../types';
import { createPaymentIntent, createPaymentMethod, pendCharge, succeedCharge } from './charge';
import { createDispute } from './dispute';
import { keepOnCustomer, keepsNewCard, markUsedWithoutCustomer } from './saved-methods';
import { succeedSetup } from './pay-setup';
import { startSubscription } from './subscription';

/** The card a buyer pays with: a new test card, or one of the customer's saved cards (and its test card). */
export interface Chosen {
  card: TestCard;
  saved?: PaymentMethod;
  /** The buyer ticked "Save this card for future purchases". */
  save: boolean;
}

export type Completion = { outcome: 'succeeded' | 'processing'; session: CheckoutSession };

/** What the card's PaymentMethod records: Checkout copies the billing details onto it. */
export function billingOf(buyer: Buyer): BillingInput {
  return { email: buyer.email, name: buyer.name, address: buyer.address };
}

function hasAddress(address: JsonObject): boolean {
  return Object.values(address).some((v) => v !== null);
}

export function completeSession(
  session: CheckoutSession,
  buyer: Buyer,
  customer: Customer | null,
  paid: boolean,
): void {
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

/** Subscription mode needs a customer; Checkout creates one when none was given. */
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

/** The session's PaymentIntent, created on the first attempt (with `setup_future_usage` when asked for). */
export function paymentIntentFor(ctx: StripeContext, session: CheckoutSession, request: RequestRef): PaymentIntent {
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
      setupFutureUsage: meta?.setupFutureUsage,
    },
    request,
  );
  session.payment_intent = pi.id;
  return pi;
}

/** The method a payment-mode attempt charges: the one waiting on 3-D Secure, the saved one, or a new one. */
export function paymentMethodFor(
  ctx: StripeContext,
  pi: PaymentIntent,
  chosen: Chosen,
  buyer: Buyer,
  request: RequestRef,
): PaymentMethod {
  const pending =
    pi.status === 'requires_action' && pi.payment_method ? ctx.state.paymentMethods.get(pi.payment_method) : undefined;
  return pending ?? chosen.saved ?? createPaymentMethod(ctx, chosen.card, billingOf(buyer), null, request);
}

function completeSubscription(
  ctx: StripeContext,
  session: CheckoutSession,
  chosen: Chosen,
  buyer: Buyer,
  request: RequestRef,
): Completion {
  const meta = ctx.state.sessionMeta.get(session.id);
  const customer = ensureCustomer(ctx, session, buyer, request);
  const pm =
    chosen.saved ??
    createPaymentMethod(
      ctx,
      chosen.card,
      billingOf(buyer),
      customer.id,
      request,
      keepsNewCard(ctx, session, chosen.save) ?? 'limited',
    );
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
  completeSession(session, buyer, customer, true);
  // A trial charges nothing today: the payment is delayed to the trial's end.
  if (trialPeriodDays) session.payment_status = 'no_payment_required';
  ctx.events.emit('checkout.session.completed', session, request);
  return { outcome: 'succeeded', session };
}

/**
 * A payment-mode card went through: charged (or pending for a delayed method), then a new card is
 * kept on the customer when the buyer asked or `setup_future_usage` says so; otherwise it was used
 * without a customer and cannot be used again.
 */
function completePayment(
  ctx: StripeContext,
  session: CheckoutSession,
  chosen: Chosen,
  buyer: Buyer,
  async: boolean,
  request: RequestRef,
): Completion {
  const meta = ctx.state.sessionMeta.get(session.id);
  const pi = paymentIntentFor(ctx, session, request);
  const pm = paymentMethodFor(ctx, pi, chosen, buyer, request);
  const customer = session.customer ? (ctx.state.customers.get(session.customer) as Customer) : null;
  if (async) {
    pendCharge(ctx, pi, pm, request);
    if (meta) meta.awaitingSettlement = true;
    completeSession(session, buyer, customer, false);
    ctx.events.emit('checkout.session.completed', session, request);
    return { outcome: 'processing', session };
  }
  const charge = succeedCharge(ctx, pi, pm, request);
  const keep = chosen.saved ? null : keepsNewCard(ctx, session, chosen.save);
  if (keep && customer) keepOnCustomer(ctx, pm, customer.id, keep, request);
  else markUsedWithoutCustomer(ctx, pm);
  completeSession(session, buyer, customer, true);
  ctx.events.emit('checkout.session.completed', session, request);
  // Stripe opens these test cards' disputes right after the payment.
  if (chosen.card.behaviour.kind === 'success_then_dispute')
    createDispute(ctx, charge, { amount: charge.amount, reason: 'fraudulent', kind: 'chargeback' }, request);
  if (chosen.card.behaviour.kind === 'success_then_inquiry')
    createDispute(ctx, charge, { amount: charge.amount, reason: 'general', kind: 'inquiry' }, request);
  return { outcome: 'succeeded', session };
}

/** The card went through (directly or after 3-D Secure): finish the session for its mode. */
export function succeed(
  ctx: StripeContext,
  session: CheckoutSession,
  chosen: Chosen,
  buyer: Buyer,
  async: boolean,
  request: RequestRef,
): Completion {
  updateCustomer(ctx, session, buyer, request);
  if (session.mode === 'setup') {
    const customer = session.customer ? (ctx.state.customers.get(session.customer) as Customer) : null;
    succeedSetup(ctx, session, chosen.card, billingOf(buyer), request);
    completeSession(session, buyer, customer, false);
    ctx.events.emit('checkout.session.completed', session, request);
    return { outcome: 'succeeded', session };
  }
  if (session.mode === 'subscription') return completeSubscription(ctx, session, chosen, buyer, request);
  return completePayment(ctx, session, chosen, buyer, async, request);
}
