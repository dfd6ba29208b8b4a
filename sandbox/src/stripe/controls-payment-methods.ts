import express, { Router } from 'express';
import { controlError, jsonBody } from '../shared/controls';
import { StripeContext } from './context';
import { run } from './controls';
import { NO_REQUEST } from './events';
import { detachPaymentMethod } from './flows/detach';
import { automaticallyUpdate } from './flows/update-card';

/**
 * Saved-card controls: what the card networks do to a saved card, and a way for Stripe to lose one
 * without anyone being told.
 * - `POST payment_methods/:id/update_card {exp_month, exp_year}`: the card updater gave a new expiry
 *   (`payment_method.updated`, then `payment_method.automatically_updated`).
 * - `POST payment_methods/:id/detach_silently`: the card is detached (defaults that pointed at it
 *   cleared, never usable again) with no event at all, as if its webhook never arrived; only
 *   reading the customer's cards tells.
 */
export function stripePaymentMethodControls(ctx: StripeContext): Router {
  const r = Router();
  r.use(express.json({ limit: '1mb' }));
  r.post('/payment_methods/:id/update_card', (req, res) => {
    const pm = ctx.state.paymentMethods.get(String(req.params.id));
    if (!pm) return controlError(res, 404, `No such payment_method: '${String(req.params.id)}'`);
    const body = jsonBody(req);
    const month = Number(body.exp_month);
    const year = Number(body.exp_year);
    if (body.exp_month === undefined || body.exp_year === undefined) {
      return controlError(res, 400, 'exp_month and exp_year are required, e.g. {"exp_month": 4, "exp_year": 2031}');
    }
    run(res, () => automaticallyUpdate(ctx, pm, { month, year }, NO_REQUEST));
  });
  r.post('/payment_methods/:id/detach_silently', (req, res) => {
    const pm = ctx.state.paymentMethods.get(String(req.params.id));
    if (!pm) return controlError(res, 404, `No such payment_method: '${String(req.params.id)}'`);
    if (!pm.customer) return controlError(res, 400, `${pm.id} is not attached to a customer`);
    res.json(detachPaymentMethod(ctx, pm, NO_REQUEST, { silent: true }));
  });
  return r;
}
