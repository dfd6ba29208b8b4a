import { invalidParam, invalidState, missingParam } from '../errors';
import { StripeContext } from '../context';
import { cancelRefund, createRefund, updateRefundMetadata } from '../flows/refund';
import { Params } from '../params';
import { Route, route } from '../router';
import { Charge } from '../types';
import { listOf, mustGet, mustRef } from './util';

const REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;

/** Resolves the charge a refund targets from `charge` or `payment_intent` (its latest charge). */
export function refundTarget(ctx: StripeContext, params: Params): Charge {
  const chargeId = params.str('charge');
  const piId = params.str('payment_intent');
  if (chargeId && piId)
    throw invalidParam('payment_intent', 'You may only specify one of these parameters: charge, payment_intent.');
  if (chargeId) return mustRef(ctx.state.charges, chargeId, 'charge');
  if (!piId) throw missingParam('charge');
  const pi = mustRef(ctx.state.paymentIntents, piId, 'payment_intent');
  const charge = pi.latest_charge ? ctx.state.charges.get(pi.latest_charge) : undefined;
  if (pi.status !== 'succeeded' || !charge) {
    throw invalidState(
      `This PaymentIntent (${pi.id}) does not have a successful charge to refund.`,
      'charge_not_refundable',
      'payment_intent',
    );
  }
  return charge;
}

export const paymentRoutes: Route[] = [
  route('GET', '/v1/payment_intents', ({ params }, ctx) => {
    const customer = params.str('customer');
    const items = [...ctx.state.paymentIntents.values()].filter((p) => !customer || p.customer === customer);
    return listOf(ctx.state, items, '/v1/payment_intents', params);
  }),
  route('GET', '/v1/payment_intents/:id', ({ path }, ctx) => mustGet(ctx.state.paymentIntents, path.id)),
  route('GET', '/v1/charges', ({ params }, ctx) => {
    const pi = params.str('payment_intent');
    const items = [...ctx.state.charges.values()].filter((c) => !pi || c.payment_intent === pi);
    return listOf(ctx.state, items, '/v1/charges', params);
  }),
  route('GET', '/v1/charges/:id', ({ path }, ctx) => mustGet(ctx.state.charges, path.id)),
  route('POST', '/v1/refunds', ({ params, request }, ctx) => {
    const charge = refundTarget(ctx, params);
    return createRefund(
      ctx,
      {
        charge,
        amount: params.int('amount', false, 1),
        reason: params.enum('reason', REASONS),
        metadata: params.metadata(),
      },
      request,
    );
  }),
  route('GET', '/v1/refunds', ({ params }, ctx) => {
    const charge = params.str('charge');
    const pi = params.str('payment_intent');
    const items = [...ctx.state.refunds.values()].filter(
      (r) => (!charge || r.charge === charge) && (!pi || r.payment_intent === pi),
    );
    return listOf(ctx.state, items, '/v1/refunds', params);
  }),
  route('GET', '/v1/refunds/:id', ({ path }, ctx) => mustGet(ctx.state.refunds, path.id)),
  route('POST', '/v1/refunds/:id', ({ path, params, request }, ctx) => {
    const refund = mustGet(ctx.state.refunds, path.id);
    const metadata = params.metadata(refund.metadata);
    return metadata ? updateRefundMetadata(ctx, refund, metadata, request) : refund;
  }),
  route('POST', '/v1/refunds/:id/cancel', ({ path, request }, ctx) =>
    cancelRefund(ctx, mustGet(ctx.state.refunds, path.id), request),
  ),
];
