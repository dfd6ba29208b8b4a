import { JsonObject, isObject } from '../../shared/json';
import { notFound } from '../errors';
import { parseMoney } from '../money';
import { minimalRefund } from '../objects';
import { refundCapture } from '../refunds';
import { Route, route } from '../router';

function text(o: JsonObject | null, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export const paymentRoutes: Route[] = [
  route('GET', '/v2/payments/captures/:id', 'payments', ({ path }, ctx) => {
    const capture = ctx.state.captures.get(path.id);
    if (!capture) throw notFound('payments', 'capture_id', path.id);
    return { status: 200, body: capture };
  }),
  route('POST', '/v2/payments/captures/:id/refund', 'payments', ({ path, body, representation }, ctx) => {
    const capture = ctx.state.captures.get(path.id);
    if (!capture) throw notFound('payments', 'capture_id', path.id);
    const amount = body && isObject(body.amount) ? parseMoney('payments', body.amount, '/amount') : undefined;
    const refund = refundCapture(ctx, capture, {
      amount,
      invoiceId: text(body, 'invoice_id'),
      customId: text(body, 'custom_id'),
      noteToPayer: text(body, 'note_to_payer'),
    });
    return { status: 201, body: representation ? refund : minimalRefund(refund) };
  }),
  route('GET', '/v2/payments/refunds/:id', 'payments', ({ path }, ctx) => {
    // A reversal's `self` link points here too (it is refund-shaped), so it reads like a refund.
    const refund = ctx.state.refunds.get(path.id) ?? ctx.state.reversals.get(path.id);
    if (!refund) throw notFound('payments', 'refund_id', path.id);
    return { status: 200, body: refund };
  }),
];
