import { stripeId, stripePaymentPair } from '../../shared/ids';
import { JsonObject, clone } from '../../shared/json';
import { CardBehaviour, TestCard } from '../cards';
import { StripeContext } from '../context';
import { StripeErrorBody, docUrl } from '../errors';
import { RequestRef } from '../events';
import { BillingInput, newCharge, newPaymentIntent, newPaymentMethod } from '../objects/payment';
import { AllowRedisplay, Charge, Metadata, PaymentIntent, PaymentMethod, SetupFutureUsage } from '../types';

/**
 * Creates a card PaymentMethod; attaching it to a customer fires `payment_method.attached` as Stripe
 * does. `allowRedisplay` is what the flow that saved it decided (see flows/saved-methods.ts).
 */
export function createPaymentMethod(
  ctx: StripeContext,
  card: TestCard,
  billing: BillingInput,
  customer: string | null,
  request: RequestRef,
  allowRedisplay: AllowRedisplay = 'unspecified',
): PaymentMethod {
  const pm = newPaymentMethod(card, billing, customer, allowRedisplay);
  ctx.state.track(pm);
  ctx.state.paymentMethods.set(pm.id, pm);
  ctx.state.pmCards.set(pm.id, card.number);
  if (customer) ctx.events.emit('payment_method.attached', pm, request);
  return pm;
}

export function createPaymentIntent(
  ctx: StripeContext,
  input: {
    amount: number;
    currency: string;
    customer: string | null;
    metadata: Metadata;
    description?: string | null;
    setupFutureUsage?: SetupFutureUsage;
  },
  request: RequestRef,
): PaymentIntent {
  const pi = newPaymentIntent({ id: stripePaymentPair().pi, ...input });
  ctx.state.track(pi);
  ctx.state.paymentIntents.set(pi.id, pi);
  ctx.events.emit('payment_intent.created', pi, request);
  return pi;
}

export type Decline = Extract<CardBehaviour, { kind: 'decline' }>;

export const GENERIC_DECLINE: Decline = {
  kind: 'decline',
  code: 'card_declined',
  declineCode: 'generic_decline',
  message: 'Your card was declined.',
  adviceCode: 'try_again_later',
};

/** How a card behaves when charged (0341 attaches fine but every charge is declined). */
export function declineFor(card: TestCard): Decline | null {
  if (card.behaviour.kind === 'decline') return card.behaviour;
  if (card.behaviour.kind === 'attach_then_decline') return GENERIC_DECLINE;
  return null;
}

/** The first charge of a PaymentIntent shares its id suffix; retries get fresh ids. */
function chargeId(pi: PaymentIntent): string {
  return pi.latest_charge ? stripeId('ch', 24) : `ch_${pi.id.slice(3)}`;
}

function storeCharge(ctx: StripeContext, charge: Charge): Charge {
  ctx.state.track(charge);
  ctx.state.charges.set(charge.id, charge);
  return charge;
}

/** Card error body (`error.card_declined.json` shape); also used as `last_payment_error`. */
export function cardErrorBody(decline: Decline, charge: Charge, pm: PaymentMethod): StripeErrorBody {
  return {
    ...(decline.adviceCode ? { advice_code: decline.adviceCode } : {}),
    charge: charge.id,
    code: decline.code,
    decline_code: decline.declineCode,
    doc_url: docUrl(decline.code),
    message: decline.message,
    payment_method: clone(pm),
    type: 'card_error',
  };
}

export function succeedCharge(ctx: StripeContext, pi: PaymentIntent, pm: PaymentMethod, request: RequestRef): Charge {
  const charge = storeCharge(ctx, newCharge({ id: chargeId(pi), pi, pm, outcome: 'succeeded' }));
  pi.latest_charge = charge.id;
  pi.payment_method = pm.id;
  pi.status = 'succeeded';
  pi.amount_received = pi.amount;
  pi.last_payment_error = null;
  pi.next_action = null;
  ctx.events.emit('charge.succeeded', charge, request);
  ctx.events.emit('payment_intent.succeeded', pi, request);
  return charge;
}

/** Declined charge: `charge.failed` + `payment_intent.payment_failed`, PaymentIntent back to requires_payment_method. */
export function failCharge(
  ctx: StripeContext,
  pi: PaymentIntent,
  pm: PaymentMethod,
  decline: Decline,
  request: RequestRef,
): StripeErrorBody {
  const charge = storeCharge(ctx, newCharge({ id: chargeId(pi), pi, pm, outcome: 'failed', failure: decline }));
  const error = cardErrorBody(decline, charge, pm);
  pi.latest_charge = charge.id;
  pi.payment_method = null;
  pi.status = 'requires_payment_method';
  pi.next_action = null;
  pi.last_payment_error = error as unknown as JsonObject;
  ctx.events.emit('charge.failed', charge, request);
  ctx.events.emit('payment_intent.payment_failed', pi, request);
  return error;
}

/** Delayed-notification payment: charge pending, PaymentIntent processing until settled. */
export function pendCharge(ctx: StripeContext, pi: PaymentIntent, pm: PaymentMethod, request: RequestRef): Charge {
  const charge = storeCharge(ctx, newCharge({ id: chargeId(pi), pi, pm, outcome: 'pending' }));
  pi.latest_charge = charge.id;
  pi.payment_method = pm.id;
  pi.status = 'processing';
  ctx.events.emit('charge.pending', charge, request);
  ctx.events.emit('payment_intent.processing', pi, request);
  return charge;
}

/** A pending (delayed-notification) charge reaches its final state in place, as Stripe updates it. */
export function settlePendingCharge(
  ctx: StripeContext,
  pi: PaymentIntent,
  charge: Charge,
  pm: PaymentMethod,
  decline: Decline | null,
  request: RequestRef,
): StripeErrorBody | null {
  if (!decline) {
    charge.status = 'succeeded';
    charge.paid = true;
    charge.captured = true;
    charge.amount_captured = charge.amount;
    charge.balance_transaction = stripeId('txn', 24);
    pi.status = 'succeeded';
    pi.amount_received = pi.amount;
    ctx.events.emit('charge.succeeded', charge, request);
    ctx.events.emit('payment_intent.succeeded', pi, request);
    return null;
  }
  charge.status = 'failed';
  charge.failure_code = decline.code;
  charge.failure_message = decline.message;
  const error = cardErrorBody(decline, charge, pm);
  pi.status = 'requires_payment_method';
  pi.payment_method = null;
  pi.last_payment_error = error as unknown as JsonObject;
  ctx.events.emit('charge.failed', charge, request);
  ctx.events.emit('payment_intent.payment_failed', pi, request);
  return error;
}
