import { JsonObject } from '../../shared/json';
import { BuyerInput, collectBuyer } from '../buyer';
import { TestCard, findTestCard } from '../cards';
import { StripeContext } from '../context';
import { StripeErrorBody, docUrl } from '../errors';
import { RequestRef } from '../events';
import { Buyer } from '../state';
import { CheckoutSession, PaymentMethod } from '../types';
import { createPaymentMethod, declineFor, failCharge, settlePendingCharge } from './charge';
import { Chosen, billingOf, paymentIntentFor, paymentMethodFor, succeed } from './checkout-complete';
import { failSetup, failSetupAuthentication, requireSetupAuthentication } from './pay-setup';
import { chosenMethod, markUsedWithoutCustomer, offersSave, savedCardBuyer } from './saved-methods';

export interface PayInput extends BuyerInput {
  /** A test card number typed into the page; ignored when `paymentMethod` is given. */
  card?: string;
  /** A saved card of the session's customer, chosen on the page instead of a new card. */
  paymentMethod?: string;
  /** "Save this card for future purchases" (only offered with `payment_method_save: enabled`). */
  savePaymentMethod?: boolean;
  /** Behave like a delayed-notification method: completed but unpaid until settled. */
  async?: boolean;
}

export type PayResult =
  | { outcome: 'succeeded' | 'processing'; session: CheckoutSession }
  | { outcome: 'requires_action'; session: CheckoutSession; authUrl: string }
  | { outcome: 'declined'; session: CheckoutSession; error: StripeErrorBody }
  | { outcome: 'rejected'; session: CheckoutSession; error: StripeErrorBody };

function rejected(session: CheckoutSession, message: string, code?: string): PayResult {
  return {
    outcome: 'rejected',
    session,
    error: {
      type: code === 'invalid_number' ? 'card_error' : 'invalid_request_error',
      ...(code ? { code, doc_url: docUrl(code) } : {}),
      message,
    },
  };
}

/** The card and buyer of an attempt, or why the page would not send it. */
function chooseCard(
  ctx: StripeContext,
  session: CheckoutSession,
  input: PayInput,
): { chosen: Chosen; buyer: Buyer } | PayResult {
  const customer = session.customer ? (ctx.state.customers.get(session.customer) ?? null) : null;
  const save = input.savePaymentMethod === true;
  if (input.paymentMethod) {
    if (session.mode === 'setup') {
      return rejected(session, 'A Checkout Session in setup mode saves a new card; it offers no saved cards.');
    }
    const picked = chosenMethod(ctx, session, input.paymentMethod);
    if ('error' in picked) return { outcome: 'rejected', session, error: picked.error };
    const card = findTestCard(ctx.state.pmCards.get(picked.pm.id) ?? '');
    if (!card) return rejected(session, `${picked.pm.id} is not a sandbox test card.`);
    const collected = savedCardBuyer(session, customer, picked.pm, input);
    if ('error' in collected) return rejected(session, collected.error, 'billing_details_invalid');
    return { chosen: { card, saved: picked.pm, save: false }, buyer: collected.buyer };
  }
  if (save && !offersSave(session)) {
    return rejected(
      session,
      'This Checkout Session does not offer to save the card (saved_payment_method_options[payment_method_save] is not enabled, or it has no customer).',
    );
  }
  const card = findTestCard(input.card ?? '');
  if (!card) {
    return rejected(
      session,
      'Your card number is invalid. Use a Stripe test card such as 4242 4242 4242 4242.',
      'invalid_number',
    );
  }
  // The page checks its billing fields before anything reaches the card network.
  const collected = collectBuyer(session, customer, input);
  if ('error' in collected) return rejected(session, collected.error, 'billing_details_invalid');
  return { chosen: { card, save }, buyer: collected.buyer };
}

/**
 * 3-D Secure on the page: 3184 asks every time; 3155 asks until the card is set up for later
 * payments, which a saved card is.
 */
function needsAuthentication(card: TestCard, saved: PaymentMethod | undefined): boolean {
  return card.behaviour.kind === 'authentication_required' && (card.behaviour.always === true || !saved);
}

/** The card is declined before anything is saved or paid. */
function decline(
  ctx: StripeContext,
  session: CheckoutSession,
  chosen: Chosen,
  buyer: Buyer,
  request: RequestRef,
): PayResult | undefined {
  const declined = declineFor(chosen.card);
  // Setup mode and trials only save the card, so a card that attaches but fails charges (0341) goes through.
  const savesOnly = session.mode === 'setup' || Boolean(ctx.state.sessionMeta.get(session.id)?.trialPeriodDays);
  if (!declined || (savesOnly && chosen.card.behaviour.kind === 'attach_then_decline')) return undefined;
  if (session.mode === 'payment') {
    const pi = paymentIntentFor(ctx, session, request);
    const pm = chosen.saved ?? createPaymentMethod(ctx, chosen.card, billingOf(buyer), null, request);
    const error = failCharge(ctx, pi, pm, declined, request);
    markUsedWithoutCustomer(ctx, pm);
    return { outcome: 'declined', session, error };
  }
  if (session.mode === 'setup') {
    return {
      outcome: 'declined',
      session,
      error: failSetup(ctx, session, chosen.card, billingOf(buyer), declined, request),
    };
  }
  return {
    outcome: 'declined',
    session,
    error: {
      type: 'card_error',
      code: declined.code,
      decline_code: declined.declineCode,
      doc_url: docUrl(declined.code),
      message: declined.message,
    },
  };
}

/** Starts the page's 3-D Secure step; the PaymentIntent or SetupIntent waits with the card on it. */
function requireAuthentication(
  ctx: StripeContext,
  session: CheckoutSession,
  chosen: Chosen,
  buyer: Buyer,
  request: RequestRef,
): PayResult {
  const meta = ctx.state.sessionMeta.get(session.id);
  if (meta) meta.pendingAuth = { card: chosen.card.number, buyer, paymentMethod: chosen.saved?.id, save: chosen.save };
  const authUrl = `${ctx.pageBaseUrl()}/c/3ds/${session.id}`;
  if (session.mode === 'payment') {
    const pi = paymentIntentFor(ctx, session, request);
    const pm = paymentMethodFor(ctx, pi, chosen, buyer, request);
    pi.status = 'requires_action';
    pi.payment_method = pm.id;
    pi.next_action = {
      redirect_to_url: { return_url: `${ctx.pageBaseUrl()}/c/pay/${session.id}`, url: authUrl },
      type: 'redirect_to_url',
    };
    ctx.events.emit('payment_intent.requires_action', pi, request);
  }
  if (session.mode === 'setup')
    requireSetupAuthentication(ctx, session, chosen.card, billingOf(buyer), authUrl, request);
  return { outcome: 'requires_action', session, authUrl };
}

/**
 * A new attempt while a 3-D Secure challenge is open (the buyer went back to the form) replaces it:
 * the intent no longer waits with the earlier card.
 */
function abandonChallenge(ctx: StripeContext, session: CheckoutSession): void {
  const meta = ctx.state.sessionMeta.get(session.id);
  if (!meta?.pendingAuth) return;
  delete meta.pendingAuth;
  const intent =
    (session.payment_intent ? ctx.state.paymentIntents.get(session.payment_intent) : undefined) ??
    (session.setup_intent ? ctx.state.setupIntents.get(session.setup_intent) : undefined);
  if (intent?.status !== 'requires_action') return;
  intent.status = 'requires_payment_method';
  intent.payment_method = null;
  intent.next_action = null;
}

/** Pays an open session with a test card or a saved card, the way the hosted page's button does. */
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
  const picked = chooseCard(ctx, session, input);
  if ('outcome' in picked) return picked;
  abandonChallenge(ctx, session);
  const { chosen, buyer } = picked;
  const declined = decline(ctx, session, chosen, buyer, request);
  if (declined) return declined;
  if (needsAuthentication(chosen.card, chosen.saved))
    return requireAuthentication(ctx, session, chosen, buyer, request);
  return succeed(ctx, session, chosen, buyer, input.async === true, request);
}

const PAYMENT_AUTHENTICATION_FAILED: StripeErrorBody = {
  code: 'payment_intent_authentication_failure',
  doc_url: docUrl('payment_intent_authentication_failure'),
  message:
    'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
  type: 'invalid_request_error',
};

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
  const saved = pending.paymentMethod ? ctx.state.paymentMethods.get(pending.paymentMethod) : undefined;
  if (passed) return succeed(ctx, session, { card, saved, save: pending.save === true }, pending.buyer, false, request);
  if (session.mode === 'setup') {
    return { outcome: 'declined', session, error: failSetupAuthentication(ctx, session, request) };
  }
  const error = { ...PAYMENT_AUTHENTICATION_FAILED };
  const pi = session.payment_intent ? ctx.state.paymentIntents.get(session.payment_intent) : undefined;
  if (pi) {
    const pm = pi.payment_method ? ctx.state.paymentMethods.get(pi.payment_method) : undefined;
    pi.status = 'requires_payment_method';
    pi.next_action = null;
    pi.payment_method = null;
    pi.last_payment_error = { ...error, ...(pm ? { payment_method: pm } : {}) } as unknown as JsonObject;
    if (pm) markUsedWithoutCustomer(ctx, pm);
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
  const charge = pi?.latest_charge ? ctx.state.charges.get(pi.latest_charge) : undefined;
  if (!meta?.awaitingSettlement || !pi || !pm || !charge)
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
  const failure = {
    kind: 'decline',
    code: 'payment_method_provider_decline',
    declineCode: 'generic_decline',
    message: 'The payment was declined by the bank.',
  } as const;
  const error = settlePendingCharge(ctx, pi, charge, pm, failure, request) as StripeErrorBody;
  ctx.events.emit('checkout.session.async_payment_failed', session, request);
  return { outcome: 'declined', session, error };
}
