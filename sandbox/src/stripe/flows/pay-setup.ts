import { JsonObject } from '../../shared/json';
import { TestCard } from '../cards';
import { StripeContext } from '../context';
import { StripeErrorBody, docUrl } from '../errors';
import { RequestRef } from '../events';
import { BillingInput } from '../objects/payment';
import { CheckoutSession, PaymentMethod, SetupIntent } from '../types';
import { createPaymentMethod } from './charge';
import { keepOnCustomer } from './saved-methods';

/**
 * Checkout in setup mode: the session's SetupIntent saves the card on the session's customer with
 * `allow_redisplay: always`. A card that needs 3-D Secure leaves the SetupIntent `requires_action`
 * (with the card as its `payment_method`, not attached yet) until the page's challenge is done.
 * Without a customer the card is saved on none, as Checkout in setup mode does not create one.
 */

function setupIntentOf(ctx: StripeContext, session: CheckoutSession): SetupIntent | undefined {
  return session.setup_intent ? ctx.state.setupIntents.get(session.setup_intent) : undefined;
}

/** The card waiting on the setup's 3-D Secure step, if any. */
function pendingSetupMethod(ctx: StripeContext, si: SetupIntent | undefined): PaymentMethod | undefined {
  return si?.status === 'requires_action' && si.payment_method
    ? ctx.state.paymentMethods.get(si.payment_method)
    : undefined;
}

/** `payment_method.attached` (with a customer), then `setup_intent.succeeded`. */
export function succeedSetup(
  ctx: StripeContext,
  session: CheckoutSession,
  card: TestCard,
  billing: BillingInput,
  request: RequestRef,
): PaymentMethod {
  const si = setupIntentOf(ctx, session);
  const customer = session.customer;
  const pending = pendingSetupMethod(ctx, si);
  let pm: PaymentMethod;
  if (pending) {
    pm = pending;
    if (customer) keepOnCustomer(ctx, pm, customer, 'always', request);
  } else {
    pm = createPaymentMethod(ctx, card, billing, customer, request, customer ? 'always' : 'unspecified');
  }
  if (si) {
    si.status = 'succeeded';
    si.payment_method = pm.id;
    si.last_setup_error = null;
    si.next_action = null;
    ctx.events.emit('setup_intent.succeeded', si, request);
  }
  return pm;
}

/** A declined card: `setup_intent.setup_failed`, the SetupIntent waits for another card. */
export function failSetup(
  ctx: StripeContext,
  session: CheckoutSession,
  card: TestCard,
  billing: BillingInput,
  decline: { code: string; declineCode: string; message: string },
  request: RequestRef,
): StripeErrorBody {
  const pm = createPaymentMethod(ctx, card, billing, null, request);
  const error: StripeErrorBody = {
    code: decline.code,
    decline_code: decline.declineCode,
    doc_url: docUrl(decline.code),
    message: decline.message,
    payment_method: pm as unknown as JsonObject,
    type: 'card_error',
  };
  const si = setupIntentOf(ctx, session);
  if (si) {
    si.status = 'requires_payment_method';
    si.last_setup_error = error as unknown as JsonObject;
    ctx.events.emit('setup_intent.setup_failed', si, request);
  }
  return error;
}

/** A card that needs 3-D Secure to be set up: `setup_intent.requires_action`, redirect to the challenge. */
export function requireSetupAuthentication(
  ctx: StripeContext,
  session: CheckoutSession,
  card: TestCard,
  billing: BillingInput,
  authUrl: string,
  request: RequestRef,
): void {
  const si = setupIntentOf(ctx, session);
  if (!si) return;
  const pm = pendingSetupMethod(ctx, si) ?? createPaymentMethod(ctx, card, billing, null, request);
  si.status = 'requires_action';
  si.payment_method = pm.id;
  si.next_action = {
    redirect_to_url: { return_url: `${ctx.pageBaseUrl()}/c/pay/${session.id}`, url: authUrl },
    type: 'redirect_to_url',
  };
  ctx.events.emit('setup_intent.requires_action', si, request);
}

/** The buyer failed the setup's challenge: `setup_intent.setup_failed`, back to `requires_payment_method`. */
export function failSetupAuthentication(
  ctx: StripeContext,
  session: CheckoutSession,
  request: RequestRef,
): StripeErrorBody {
  const error = { ...SETUP_AUTHENTICATION_FAILED };
  const si = setupIntentOf(ctx, session);
  if (!si) return error;
  const pm = pendingSetupMethod(ctx, si);
  si.status = 'requires_payment_method';
  si.next_action = null;
  si.payment_method = null;
  si.last_setup_error = { ...error, ...(pm ? { payment_method: pm } : {}) } as unknown as JsonObject;
  ctx.events.emit('setup_intent.setup_failed', si, request);
  return error;
}

/**
 * `setup_intent_authentication_failure`, the SetupIntent twin of the PaymentIntent's
 * authentication error. [unverified wording: modelled on the PaymentIntent message]
 */
const SETUP_AUTHENTICATION_FAILED: StripeErrorBody = {
  code: 'setup_intent_authentication_failure',
  doc_url: docUrl('setup_intent_authentication_failure'),
  message:
    'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this SetupIntent again.',
  type: 'invalid_request_error',
};
