import { JsonObject } from '../../shared/json';
import { v1Error } from '../errors';
import { Route, route } from '../router';
import { parseV1Amount, refundSale } from '../sales';

function text(o: JsonObject | null, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** v1's 404: `INVALID_RESOURCE_ID`. */
function missing() {
  return v1Error(404, 'INVALID_RESOURCE_ID', 'Requested resource ID was not found.');
}

/** The v1 Payments API for subscription sales: read a sale, refund it (201), read a refund. */
export const saleRoutes: Route[] = [
  route('GET', '/v1/payments/sale/:id', 'payments', ({ path }, ctx) => {
    const sale = ctx.state.sales.get(path.id);
    if (!sale) throw missing();
    return { status: 200, body: sale };
  }),
  route('POST', '/v1/payments/sale/:id/refund', 'payments', ({ path, body }, ctx) => {
    const sale = ctx.state.sales.get(path.id);
    if (!sale) throw missing();
    const refund = refundSale(ctx, sale, {
      amount: body?.amount === undefined ? undefined : parseV1Amount(body.amount),
      invoiceNumber: text(body, 'invoice_number'),
      description: text(body, 'description'),
      reason: text(body, 'reason'),
    });
    return { status: 201, body: refund };
  }),
  route('GET', '/v1/payments/refund/:id', 'payments', ({ path }, ctx) => {
    const refund = ctx.state.saleRefunds.get(path.id);
    if (!refund) throw missing();
    return { status: 200, body: refund };
  }),
];
