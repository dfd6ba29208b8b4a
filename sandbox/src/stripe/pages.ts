import express, { Request, Response, Router } from 'express';
import { StripeContext } from './context';
import { NO_REQUEST } from './events';
import { PayResult, authenticate, paySession } from './flows/pay';
import { sweepExpired } from './flows/expire';
import { offeredMethods, offersSave } from './flows/saved-methods';
import { PageState, authPage, checkoutPage, messagePage, successRedirect } from './page';
import { CheckoutSession } from './types';

/** The card form's fields that are shown again after an error (all but the async checkbox). */
const PAGE_FIELDS = [
  'email',
  'card',
  'name',
  'line1',
  'line2',
  'city',
  'state',
  'postal_code',
  'country',
  'tax_id_type',
  'tax_id_value',
  'saved_payment_method',
  'save_payment_method',
] as const satisfies ReadonlyArray<keyof PageState>;

/** The page for an open session, with what it offers the session's customer. */
function pageFor(ctx: StripeContext, session: CheckoutSession, state: PageState = {}): string {
  const items = ctx.state.sessionMeta.get(session.id)?.lineItems ?? [];
  return checkoutPage(session, items, state, { saved: offeredMethods(ctx, session), offerSave: offersSave(session) });
}

function sessionOr404(ctx: StripeContext, req: Request, res: Response): CheckoutSession | undefined {
  sweepExpired(ctx);
  const session = ctx.state.sessions.get(String(req.params.id));
  if (!session) {
    res
      .status(404)
      .type('html')
      .send(messagePage('Something went wrong', 'The page you were looking for could not be found.'));
    return undefined;
  }
  if (session.status !== 'open') {
    const text =
      session.status === 'complete' ? 'This Checkout Session is complete.' : 'This Checkout Session has expired.';
    res
      .status(410)
      .type('html')
      .send(messagePage(session.status === 'complete' ? 'Payment complete' : 'Session expired', text));
    return undefined;
  }
  return session;
}

/** Turns the outcome of a payment attempt into a browser response (redirect or the page with an error). */
function respond(ctx: StripeContext, res: Response, result: PayResult, form: PageState): void {
  const { session } = result;
  if (result.outcome === 'requires_action') {
    res.redirect(303, result.authUrl);
    return;
  }
  if (result.outcome === 'succeeded' || result.outcome === 'processing') {
    const target = successRedirect(session);
    if (target) res.redirect(303, target);
    else res.type('html').send(messagePage('Thank you', 'Your payment is complete. You can close this window.'));
    return;
  }
  if (result.outcome !== 'declined' && result.outcome !== 'rejected') return;
  res
    .status(402)
    .type('html')
    .send(pageFor(ctx, session, { ...form, error: result.error.message }));
}

/** Hosted checkout pages served on the Stripe port: `/c/pay/:id` and the 3-D Secure step. */
export function checkoutPages(ctx: StripeContext): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false });
  router.get('/c/pay/:id', (req, res) => {
    const session = sessionOr404(ctx, req, res);
    if (session) res.type('html').send(pageFor(ctx, session));
  });
  router.post('/c/pay/:id', form, (req, res) => {
    const session = sessionOr404(ctx, req, res);
    if (!session) return;
    const body = req.body as Record<string, string | undefined>;
    const field = (k: keyof PageState) => (typeof body[k] === 'string' && body[k] !== '' ? body[k] : undefined);
    const form: PageState = {};
    for (const k of PAGE_FIELDS) form[k] = field(k);
    // A saved card's radio wins; the new-card fields (disabled on the page then) are ignored.
    const saved =
      form.saved_payment_method && form.saved_payment_method !== 'new' ? form.saved_payment_method : undefined;
    const input = {
      card: saved ? undefined : (body.card ?? ''),
      paymentMethod: saved,
      savePaymentMethod: !saved && body.save_payment_method === 'true',
      email: form.email,
      name: form.name,
      address: {
        line1: form.line1,
        line2: form.line2,
        city: form.city,
        state: form.state,
        postal_code: form.postal_code,
        country: form.country,
      },
      taxId: { type: form.tax_id_type, value: form.tax_id_value },
      async: body.async === 'true',
    };
    respond(ctx, res, paySession(ctx, session, input, NO_REQUEST), form);
  });
  router.get('/c/3ds/:id', (req, res) => {
    const session = sessionOr404(ctx, req, res);
    if (session) res.type('html').send(authPage(session));
  });
  router.post('/c/3ds/:id', form, (req, res) => {
    const session = sessionOr404(ctx, req, res);
    if (!session) return;
    const passed = (req.body as Record<string, string | undefined>).outcome === 'complete';
    respond(ctx, res, authenticate(ctx, session, passed, NO_REQUEST), {});
  });
  return router;
}
