import express, { Response, Router } from 'express';
import { controlError, jsonBody } from '../shared/controls';
import { PayPalContext } from './context';
import { PayPalError } from './errors';
import { parseMoney } from './money';
import { approveOrder, refundCapture, settleCapture } from './orders';
import { withParams } from './pages';
import { approveSubscription, getSubscription, renewSubscription } from './subscriptions';
import { Instrument } from './types';

const INSTRUMENTS: Instrument[] = ['balance', 'declined', 'denied', 'pending'];

function run(res: Response, action: () => unknown): void {
  try {
    res.json(action());
  } catch (err) {
    if (err instanceof PayPalError) res.status(err.status).json(err.body);
    else controlError(res, 500, err instanceof Error ? err.message : String(err));
  }
}

/** PayPal-side test controls: approve as the buyer, settle pending captures, drive subscription cycles. */
export function paypalControls(ctx: PayPalContext): Router {
  const r = Router();
  r.use(express.json({ limit: '1mb' }));
  r.post('/orders/:id/approve', (req, res) => {
    const order = ctx.state.orders.get(String(req.params.id));
    if (!order) return controlError(res, 404, `No such order: '${String(req.params.id)}'`);
    const requested = jsonBody(req).instrument;
    const instrument = INSTRUMENTS.find((i) => i === requested);
    if (requested !== undefined && !instrument)
      return controlError(res, 400, `instrument must be one of ${INSTRUMENTS.join(', ')}`);
    run(res, () => {
      approveOrder(ctx, order, instrument ?? 'balance');
      const meta = ctx.state.orderMeta.get(order.id);
      const payerId = String((order.payer as { payer_id: string }).payer_id);
      return {
        order,
        redirect_url: meta?.returnUrl ? withParams(meta.returnUrl, { token: order.id, PayerID: payerId }) : null,
      };
    });
  });
  r.post('/captures/:id/settle', (req, res) => {
    const capture = ctx.state.captures.get(String(req.params.id));
    if (!capture) return controlError(res, 404, `No such capture: '${String(req.params.id)}'`);
    const outcome = jsonBody(req).outcome === 'DECLINED' ? 'DECLINED' : 'COMPLETED';
    run(res, () => settleCapture(ctx, capture, outcome));
  });
  r.post('/subscriptions/:id/approve', (req, res) => {
    run(res, () => {
      const sub = approveSubscription(ctx, getSubscription(ctx, String(req.params.id)));
      const meta = ctx.state.subscriptionMeta.get(sub.id);
      const params = { subscription_id: sub.id, ba_token: meta?.baToken ?? '', token: meta?.baToken ?? '' };
      return { subscription: sub, redirect_url: meta?.returnUrl ? withParams(meta.returnUrl, params) : null };
    });
  });
  r.post('/subscriptions/:id/renew', (req, res) => {
    run(res, () => renewSubscription(ctx, getSubscription(ctx, String(req.params.id))));
  });
  r.post('/subscriptions/:id/fail_next_payment', (req, res) => {
    run(res, () => {
      const sub = getSubscription(ctx, String(req.params.id));
      const meta = ctx.state.subscriptionMeta.get(sub.id);
      if (meta) meta.failNext = true;
      return { subscription: sub.id, fail_next_payment: true };
    });
  });
  r.post('/refunds', (req, res) => {
    const body = jsonBody(req);
    const capture = ctx.state.captures.get(String(body.capture_id ?? ''));
    if (!capture) return controlError(res, 404, `No such capture: '${String(body.capture_id ?? '')}'`);
    run(res, () => {
      const raw =
        typeof body.amount === 'string'
          ? { value: body.amount, currency_code: capture.amount.currency_code }
          : body.amount;
      const amount = raw === undefined || raw === null ? undefined : parseMoney('payments', raw, '/amount');
      return refundCapture(ctx, capture, {
        amount,
        noteToPayer: typeof body.note_to_payer === 'string' ? body.note_to_payer : undefined,
      });
    });
  });
  return r;
}
