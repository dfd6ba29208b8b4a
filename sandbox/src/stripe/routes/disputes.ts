import { StripeContext } from '../context';
import { FormObject } from '../form';
import { acceptDispute, updateDispute } from '../flows/dispute';
import { Route, route } from '../router';
import { Dispute } from '../types';
import { listOf, mustGet } from './util';

/**
 * The text evidence fields (`evidence[uncategorized_text]=…`). Nested evidence (enhanced
 * evidence, appeals, file ids in objects) is accepted but not modelled.
 */
function evidenceStrings(evidence: FormObject | undefined): Record<string, string> | undefined {
  if (!evidence) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(evidence)) if (typeof v === 'string') out[k] = v;
  return out;
}

export const disputeRoutes: Route[] = [
  route('GET', '/v1/disputes', ({ params }, ctx: StripeContext) => {
    const charge = params.str('charge');
    const pi = params.str('payment_intent');
    const items = [...ctx.state.disputes.values()].filter(
      (d: Dispute) => (!charge || d.charge === charge) && (!pi || d.payment_intent === pi),
    );
    return listOf(ctx.state, items, '/v1/disputes', params);
  }),
  route('GET', '/v1/disputes/:id', ({ path }, ctx) => mustGet(ctx.state.disputes, path.id)),
  route('POST', '/v1/disputes/:id', ({ path, params, request }, ctx) => {
    const dispute = mustGet(ctx.state.disputes, path.id);
    return updateDispute(
      ctx,
      dispute,
      {
        evidence: evidenceStrings(params.obj('evidence')?.root),
        metadata: params.metadata(dispute.metadata),
        submit: params.bool('submit') ?? true,
      },
      request,
    );
  }),
  route('POST', '/v1/disputes/:id/close', ({ path, request }, ctx) =>
    acceptDispute(ctx, mustGet(ctx.state.disputes, path.id), request),
  ),
];
