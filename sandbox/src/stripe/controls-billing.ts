import express, { Response, Router } from 'express';
import { controlError, jsonBody } from '../shared/controls';
import { StripeContext } from './context';
import { run } from './controls';
import { NO_REQUEST } from './events';
import { parseBillingSettings } from './flows/dunning';
import { authenticateInvoice } from './flows/pay-invoice';
import { advanceSubscription } from './flows/test-clock';
import { Subscription } from './types';

/** Billing controls: the test clock, forced declines, the hosted invoice page's 3-D Secure, dunning settings. */
export function stripeBillingControls(ctx: StripeContext): Router {
  const r = Router();
  r.use(express.json({ limit: '1mb' }));
  const subscription = (res: Response, id: string): Subscription | undefined => {
    const sub = ctx.state.subscriptions.get(id);
    if (!sub) controlError(res, 404, `No such subscription: '${id}'`);
    else if (sub.status === 'canceled' || sub.status === 'incomplete_expired')
      controlError(res, 400, `Subscription is ${sub.status}`);
    else return sub;
    return undefined;
  };
  // `renew` predates the test clock and is the same move: to the next boundary.
  for (const path of ['/subscriptions/:id/advance', '/subscriptions/:id/renew']) {
    r.post(path, (req, res) => {
      const sub = subscription(res, String(req.params.id));
      if (sub) run(res, () => advanceSubscription(ctx, sub, NO_REQUEST));
    });
  }
  r.post('/subscriptions/:id/fail_next_payment', (req, res) => {
    const sub = ctx.state.subscriptions.get(String(req.params.id));
    if (!sub) return controlError(res, 404, `No such subscription: '${String(req.params.id)}'`);
    ctx.state.failNextPayment.add(sub.id);
    res.json({ subscription: sub.id, fail_next_payment: true });
  });
  r.post('/invoices/:id/authenticate', (req, res) => {
    const invoice = ctx.state.invoices.get(String(req.params.id));
    if (!invoice) return controlError(res, 404, `No such invoice: '${String(req.params.id)}'`);
    const outcome = jsonBody(req).outcome ?? 'complete';
    if (outcome !== 'complete' && outcome !== 'fail')
      return controlError(res, 400, 'outcome must be "complete" or "fail"');
    const result = authenticateInvoice(ctx, invoice, outcome === 'complete', NO_REQUEST);
    if (!result) return controlError(res, 400, `Invoice ${invoice.id} has no payment waiting for authentication`);
    res.json(result);
  });
  r.get('/billing/settings', (_req, res) => {
    res.json(ctx.state.billingSettings);
  });
  r.post('/billing/settings', (req, res) => {
    const next = parseBillingSettings(ctx.state.billingSettings, jsonBody(req));
    if (typeof next === 'string') return controlError(res, 400, next);
    ctx.state.billingSettings = next;
    res.json(next);
  });
  return r;
}
