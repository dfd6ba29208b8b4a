import express, { Response, Router } from 'express';
import { controlError, jsonBody } from '../shared/controls';
import { StripeContext } from './context';
import { StripeError } from './errors';
import { NO_REQUEST } from './events';
import { closeDispute, createDispute, reviewDispute } from './flows/dispute';
import { expireSession } from './flows/expire';
import { PayInput, PayResult, authenticate, paySession, settleAsync } from './flows/pay';
import { CARD_REFUND_FAILURE_REASON, createRefund, failRefund, settleRefund } from './flows/refund';
import { Charge } from './types';

function str(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A nested object of string fields (`address`, `tax_id`); anything else is the caller's mistake. */
function strings(
  body: Record<string, unknown>,
  key: string,
  fields: readonly string[],
): Record<string, string> | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  const bad = () =>
    new StripeError(400, {
      type: 'invalid_request_error',
      message: `${key} must be an object with string fields ${fields.join(', ')}`,
      param: key,
    });
  if (typeof v !== 'object' || Array.isArray(v)) throw bad();
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (!fields.includes(k) || (typeof x !== 'string' && x !== null)) throw bad();
    if (typeof x === 'string') out[k] = x;
  }
  return out;
}

const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'postal_code', 'state', 'country'] as const;

function int(body: Record<string, unknown>, key: string): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n <= 0)
    throw new StripeError(400, {
      type: 'invalid_request_error',
      message: `${key} must be a positive integer (minor units)`,
      param: key,
    });
  return n;
}

/** Runs a control action; StripeErrors come back in Stripe's error shape with their status. */
export function run(res: Response, action: () => unknown): void {
  try {
    res.json(action());
  } catch (err) {
    if (err instanceof StripeError) res.status(err.status).json({ error: err.body });
    else controlError(res, 500, err instanceof Error ? err.message : String(err));
  }
}

function payResult(ctx: StripeContext, res: Response, result: PayResult): void {
  const pi = result.session.payment_intent ? ctx.state.paymentIntents.get(result.session.payment_intent) : null;
  const status = result.outcome === 'declined' ? 402 : result.outcome === 'rejected' ? 400 : 200;
  res.status(status).json({
    outcome: result.outcome,
    session: result.session,
    payment_intent: pi ?? null,
    ...(result.outcome === 'requires_action' ? { redirect_url: result.authUrl } : {}),
    ...(result.outcome === 'declined' || result.outcome === 'rejected' ? { error: result.error } : {}),
  });
}

function chargeFrom(ctx: StripeContext, body: Record<string, unknown>): Charge {
  const chargeId = str(body, 'charge');
  const piId = str(body, 'payment_intent');
  const id = chargeId ?? (piId ? ctx.state.paymentIntents.get(piId)?.latest_charge : undefined);
  const charge = id ? ctx.state.charges.get(id) : undefined;
  if (!charge)
    throw new StripeError(404, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      message: `No charge found for ${chargeId ?? piId ?? '(none given)'}`,
    });
  return charge;
}

/** How the bank (or the cardholder) can end a dispute; which apply depends on inquiry or chargeback. */
const CLOSE_OUTCOMES: ReadonlySet<string> = new Set(['won', 'lost', 'prevented', 'warning_closed']);

/** Stripe-side test controls: what the dashboard, test cards and test clocks do. */
export function stripeControls(ctx: StripeContext): Router {
  const r = Router();
  r.use(express.json({ limit: '1mb' }));
  const session = (res: Response, id: string) => {
    const s = ctx.state.sessions.get(id);
    if (!s) controlError(res, 404, `No such checkout.session: '${id}'`);
    return s;
  };
  r.post('/checkout/sessions/:id/pay', (req, res) => {
    const s = session(res, String(req.params.id));
    if (!s) return;
    const body = jsonBody(req);
    const card = str(body, 'card');
    const paymentMethod = str(body, 'payment_method');
    if (!card && !paymentMethod) {
      return controlError(
        res,
        400,
        'card or payment_method is required, e.g. {"card": "4242424242424242"} or {"payment_method": "pm_…"}',
      );
    }
    let address: PayInput['address'];
    let taxId: PayInput['taxId'];
    try {
      address = strings(body, 'address', ADDRESS_FIELDS);
      taxId = strings(body, 'tax_id', ['type', 'value']);
    } catch (err) {
      if (err instanceof StripeError) return void res.status(err.status).json({ error: err.body });
      throw err;
    }
    let result = paySession(
      ctx,
      s,
      {
        card,
        paymentMethod,
        savePaymentMethod: body.save_payment_method === true,
        email: str(body, 'email'),
        name: str(body, 'name'),
        address,
        taxId,
        async: body.async === true,
      },
      NO_REQUEST,
    );
    const auth = str(body, 'authenticate');
    if (result.outcome === 'requires_action' && auth) result = authenticate(ctx, s, auth === 'complete', NO_REQUEST);
    payResult(ctx, res, result);
  });
  r.post('/checkout/sessions/:id/authenticate', (req, res) => {
    const s = session(res, String(req.params.id));
    if (s) payResult(ctx, res, authenticate(ctx, s, str(jsonBody(req), 'outcome') !== 'fail', NO_REQUEST));
  });
  r.post('/checkout/sessions/:id/settle', (req, res) => {
    const s = session(res, String(req.params.id));
    if (s) payResult(ctx, res, settleAsync(ctx, s, str(jsonBody(req), 'outcome') !== 'failed', NO_REQUEST));
  });
  r.post('/checkout/sessions/:id/expire', (req, res) => {
    const s = session(res, String(req.params.id));
    if (!s) return;
    if (s.status !== 'open') return controlError(res, 400, `Session is ${s.status}, not open`);
    res.json(expireSession(ctx, s, NO_REQUEST));
  });
  // A refund "from the dashboard": none of our metadata, like a refund an admin makes in Stripe.
  r.post('/refunds', (req, res) => {
    run(res, () => {
      const body = jsonBody(req);
      const status = str(body, 'status') === 'pending' ? 'pending' : 'succeeded';
      return createRefund(
        ctx,
        { charge: chargeFrom(ctx, body), amount: int(body, 'amount'), reason: str(body, 'reason') ?? null, status },
        NO_REQUEST,
      );
    });
  });
  const refundOr404 = (res: Response, id: string) => {
    const refund = ctx.state.refunds.get(id);
    if (!refund) controlError(res, 404, `No such refund: '${id}'`);
    return refund;
  };
  r.post('/refunds/:id/settle', (req, res) => {
    const refund = refundOr404(res, String(req.params.id));
    if (!refund) return;
    const body = jsonBody(req);
    run(res, () =>
      settleRefund(
        ctx,
        refund,
        str(body, 'outcome') === 'failed' ? 'failed' : 'succeeded',
        NO_REQUEST,
        str(body, 'failure_reason') ?? CARD_REFUND_FAILURE_REASON,
      ),
    );
  });
  // Card 5126's later failure, now; also fails any succeeded or pending refund on demand.
  r.post('/refunds/:id/fail', (req, res) => {
    const refund = refundOr404(res, String(req.params.id));
    if (!refund) return;
    run(res, () =>
      failRefund(ctx, refund, str(jsonBody(req), 'failure_reason') ?? CARD_REFUND_FAILURE_REASON, NO_REQUEST),
    );
  });
  r.post('/disputes', (req, res) => {
    run(res, () => {
      const body = jsonBody(req);
      const charge = chargeFrom(ctx, body);
      const kind = str(body, 'kind') ?? 'chargeback';
      if (kind !== 'chargeback' && kind !== 'inquiry') {
        throw new StripeError(400, {
          type: 'invalid_request_error',
          message: 'kind must be "chargeback" or "inquiry"',
          param: 'kind',
        });
      }
      return createDispute(
        ctx,
        charge,
        {
          amount: int(body, 'amount') ?? charge.amount,
          reason: str(body, 'reason') ?? (kind === 'inquiry' ? 'general' : 'fraudulent'),
          kind,
        },
        NO_REQUEST,
      );
    });
  });
  const disputeOr404 = (res: Response, id: string) => {
    const dispute = ctx.state.disputes.get(id);
    if (!dispute) controlError(res, 404, `No such dispute: '${id}'`);
    return dispute;
  };
  r.post('/disputes/:id/under_review', (req, res) => {
    const dispute = disputeOr404(res, String(req.params.id));
    if (dispute) run(res, () => reviewDispute(ctx, dispute, NO_REQUEST));
  });
  r.post('/disputes/:id/close', (req, res) => {
    const dispute = disputeOr404(res, String(req.params.id));
    if (!dispute) return;
    run(res, () => {
      // No outcome: an inquiry just closes, a chargeback is lost (what happens when nobody answers).
      const outcome =
        str(jsonBody(req), 'outcome') ?? (dispute.status.startsWith('warning_') ? 'warning_closed' : 'lost');
      if (!CLOSE_OUTCOMES.has(outcome)) {
        throw new StripeError(400, {
          type: 'invalid_request_error',
          message: `outcome must be one of ${[...CLOSE_OUTCOMES].join(', ')}`,
          param: 'outcome',
        });
      }
      return closeDispute(ctx, dispute, outcome as 'won' | 'lost' | 'prevented' | 'warning_closed', NO_REQUEST);
    });
  });
  return r;
}
