import express, { Response, Router } from 'express';
import { messagePage as sharedMessagePage } from '../shared/html';
import { PayPalContext } from './context';
import { PayPalError } from './errors';
import { regularPrice } from './objects';
import { approveOrder } from './orders';
import { approvalPage } from './page';
import { approveSubscription } from './subscriptions';
import { Instrument, Plan } from './types';

const messagePage = (title: string, text: string): string => sharedMessagePage(title, text, '#0070ba');

const INSTRUMENTS: Instrument[] = ['balance', 'declined', 'denied', 'pending'];

/** Appends query parameters to a merchant URL, keeping the ones it already has. */
export function withParams(base: string, params: Record<string, string>): string {
  const url = new URL(base);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

function finish(res: Response, target: string | undefined, text: string): void {
  if (target) res.redirect(303, target);
  else res.type('html').send(messagePage('PayPal', text));
}

function notFound(res: Response): void {
  res.status(404).type('html').send(messagePage('PayPal', 'This checkout link is not valid or has expired.'));
}

/** Approval pages on the PayPal port: `/checkoutnow?token=<order>` and `/webapps/billing/subscriptions?ba_token=…`. */
export function approvalPages(ctx: PayPalContext): Router {
  const r = Router();
  const form = express.urlencoded({ extended: false });
  r.get('/checkoutnow', (req, res) => {
    const order = ctx.state.orders.get(String(req.query.token ?? ''));
    if (!order) return notFound(res);
    if (order.status === 'COMPLETED' || order.status === 'VOIDED')
      return finish(res, undefined, 'This order has already been paid.');
    const unit = order.purchase_units[0];
    const description = typeof unit.description === 'string' ? unit.description : 'Your order from LMS Sandbox';
    res
      .type('html')
      .send(approvalPage({ kind: 'order', token: order.id, amount: unit.amount, description, canCancel: true }));
  });
  r.post('/checkoutnow/order/:id', form, (req, res) => {
    const order = ctx.state.orders.get(String(req.params.id));
    if (!order) return notFound(res);
    const body = req.body as Record<string, string | undefined>;
    const meta = ctx.state.orderMeta.get(order.id) ?? {};
    if (body.action === 'cancel')
      return finish(
        res,
        meta.cancelUrl && withParams(meta.cancelUrl, { token: order.id }),
        'You cancelled. You can close this window.',
      );
    const instrument = INSTRUMENTS.find((i) => i === body.instrument) ?? 'balance';
    try {
      approveOrder(ctx, order, instrument);
    } catch (err) {
      if (err instanceof PayPalError) return void res.status(422).type('html').send(messagePage('PayPal', err.message));
      throw err;
    }
    const payerId = String((order.payer as { payer_id: string }).payer_id);
    finish(
      res,
      meta.returnUrl && withParams(meta.returnUrl, { token: order.id, PayerID: payerId }),
      'Approved. You can close this window.',
    );
  });
  r.get('/webapps/billing/subscriptions', (req, res) => {
    const subId = ctx.state.baTokens.get(String(req.query.ba_token ?? ''));
    const sub = subId ? ctx.state.subscriptions.get(subId) : undefined;
    if (!sub) return notFound(res);
    if (sub.status !== 'APPROVAL_PENDING')
      return finish(res, undefined, `This subscription is already ${sub.status.toLowerCase()}.`);
    const plan = ctx.state.plans.get(sub.plan_id) as Plan;
    const cycle = plan.billing_cycles.find((c) => c.tenure_type === 'REGULAR') ?? plan.billing_cycles[0];
    const unit = cycle.frequency.interval_unit.toLowerCase();
    const cadence =
      cycle.frequency.interval_count > 1 ? `every ${cycle.frequency.interval_count} ${unit}s` : `per ${unit}`;
    res.type('html').send(
      approvalPage({
        kind: 'subscription',
        token: String(req.query.ba_token),
        amount: regularPrice(plan),
        description: String(plan.name),
        cadence,
        canCancel: true,
      }),
    );
  });
  r.post('/checkoutnow/subscription/:ba', form, (req, res) => {
    const ba = String(req.params.ba);
    const subId = ctx.state.baTokens.get(ba);
    const sub = subId ? ctx.state.subscriptions.get(subId) : undefined;
    if (!sub) return notFound(res);
    const meta = ctx.state.subscriptionMeta.get(sub.id);
    const params = { subscription_id: sub.id, ba_token: ba, token: ba };
    if ((req.body as Record<string, string | undefined>).action === 'cancel') {
      return finish(
        res,
        meta?.cancelUrl && withParams(meta.cancelUrl, params),
        'You cancelled. You can close this window.',
      );
    }
    try {
      approveSubscription(ctx, sub);
    } catch (err) {
      if (err instanceof PayPalError) return void res.status(422).type('html').send(messagePage('PayPal', err.message));
      throw err;
    }
    finish(res, meta?.returnUrl && withParams(meta.returnUrl, params), 'Subscribed. You can close this window.');
  });
  return r;
}
