import express, { Response, Router } from 'express';
import { controlError, jsonBody } from '../shared/controls';
import { PayPalContext } from './context';
import { PayPalError } from './errors';
import { parseMoney } from './money';
import {
  DISPUTE_REASONS,
  DisputeResolution,
  escalateDispute,
  getDispute,
  openDispute,
  resolveDispute,
} from './disputes';
import { ADDRESS_FIELDS, PayerInput, approveOrder, settleCapture } from './orders';
import { refundCapture, settleRefund } from './refunds';
import { withParams } from './pages';
import { parseV1Amount, refundSale } from './sales';
import { approveSubscription, getSubscription } from './subscriptions';
import { advanceSubscription } from './test-clock';
import { Instrument } from './types';

const TRANSMISSION_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

const INSTRUMENTS: Instrument[] = ['balance', 'declined', 'denied', 'pending'];

/** The payer fields of an approval (PayPal's names), or why they are not usable. */
function payerInput(body: Record<string, unknown>): PayerInput | string {
  const out: PayerInput = {};
  const name = body.name;
  if (name !== undefined) {
    if (typeof name !== 'object' || name === null || Array.isArray(name)) return 'name must be {given_name?, surname?}';
    for (const [k, v] of Object.entries(name)) {
      if ((k !== 'given_name' && k !== 'surname') || typeof v !== 'string')
        return 'name must be {given_name?, surname?} with string values';
      if (v.trim()) out[k] = v.trim();
    }
  }
  if (body.email_address !== undefined) {
    if (typeof body.email_address !== 'string' || !body.email_address.includes('@'))
      return 'email_address must be an email address';
    out.email_address = body.email_address;
  }
  const address = body.address;
  if (address !== undefined) {
    if (typeof address !== 'object' || address === null || Array.isArray(address))
      return `address must be an object with ${ADDRESS_FIELDS.join(', ')}`;
    out.address = {};
    for (const [k, v] of Object.entries(address)) {
      const field = ADDRESS_FIELDS.find((f) => f === k);
      if (!field || typeof v !== 'string') return `address takes only string ${ADDRESS_FIELDS.join(', ')}`;
      if (v.trim()) out.address[field] = v.trim();
    }
    const country = out.address.country_code;
    if (country !== undefined && !/^[A-Z]{2}$/.test(country))
      return `address.country_code must be a two-letter upper-case country code, not '${country}'`;
  }
  return out;
}

function run(res: Response, action: () => unknown): void {
  try {
    res.json(action());
  } catch (err) {
    if (err instanceof PayPalError) res.status(err.status).json(err.body);
    else controlError(res, 500, err instanceof Error ? err.message : String(err));
  }
}

const RESOLUTIONS: DisputeResolution[] = ['won', 'lost', 'canceled'];

/** A money amount given to a control as "2.00" or `{value, currency_code}`, in the capture's currency by default. */
function controlAmount(raw: unknown, currency: string) {
  const m = typeof raw === 'string' ? { value: raw, currency_code: currency } : raw;
  return m === undefined || m === null ? undefined : parseMoney('payments', m, '/amount');
}

/**
 * PayPal-side test controls (what the buyer, the bank or the merchant's dashboard would do): approve as
 * the buyer, settle or decline pending captures, refund from the dashboard, hold and settle refunds,
 * open, escalate and resolve disputes, drive subscription cycles.
 */
export function paypalControls(ctx: PayPalContext): Router {
  const r = Router();
  r.use(express.json({ limit: '1mb' }));
  r.post('/orders/:id/approve', (req, res) => {
    const order = ctx.state.orders.get(String(req.params.id));
    if (!order) return controlError(res, 404, `No such order: '${String(req.params.id)}'`);
    const body = jsonBody(req);
    const requested = body.instrument;
    const instrument = INSTRUMENTS.find((i) => i === requested);
    if (requested !== undefined && !instrument)
      return controlError(res, 400, `instrument must be one of ${INSTRUMENTS.join(', ')}`);
    const payer = payerInput(body);
    if (typeof payer === 'string') return controlError(res, 400, payer);
    run(res, () => {
      approveOrder(ctx, order, instrument ?? 'balance', payer);
      const meta = ctx.state.orderMeta.get(order.id);
      const payerId = String((order.payer as { payer_id: string }).payer_id);
      return {
        order,
        redirect_url: meta?.returnUrl ? withParams(meta.returnUrl, { token: order.id, PayerID: payerId }) : null,
      };
    });
  });
  // A signed transmission of an event, handed back instead of sent: what someone who captured a
  // delivery holds. `transmission_time` stamps it at another time (a late or skewed delivery).
  r.post('/events/:id/transmission', (req, res) => {
    const time = jsonBody(req).transmission_time;
    if (time !== undefined && (typeof time !== 'string' || !TRANSMISSION_TIME.test(time)))
      return controlError(res, 400, 'transmission_time must be ISO 8601 UTC to the second, e.g. 2024-08-02T19:35:04Z');
    const transmission = ctx.events.transmission(String(req.params.id), time);
    if (!transmission) return controlError(res, 404, `No such event: '${String(req.params.id)}'`);
    res.json(transmission);
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
  // `renew` predates the test clock and is the same move: to the next billing time.
  for (const path of ['/subscriptions/:id/advance', '/subscriptions/:id/renew']) {
    r.post(path, (req, res) => {
      run(res, () => advanceSubscription(ctx, getSubscription(ctx, String(req.params.id))));
    });
  }
  r.post('/subscriptions/:id/fail_next_payment', (req, res) => {
    const as = jsonBody(req).as ?? 'failed';
    if (as !== 'failed' && as !== 'denied') return controlError(res, 400, 'as must be "failed" or "denied"');
    run(res, () => {
      const sub = getSubscription(ctx, String(req.params.id));
      const meta = ctx.state.subscriptionMeta.get(sub.id);
      if (meta) meta.failNext = as;
      return { subscription: sub.id, fail_next_payment: as };
    });
  });
  // A refund of a subscription sale "from the dashboard": no invoice_number of ours.
  r.post('/sales/:id/refund', (req, res) => {
    const sale = ctx.state.sales.get(String(req.params.id));
    if (!sale) return controlError(res, 404, `No such sale: '${String(req.params.id)}'`);
    const raw = jsonBody(req).amount;
    run(res, () =>
      refundSale(ctx, sale, {
        amount:
          raw === undefined || raw === null
            ? undefined
            : parseV1Amount(typeof raw === 'string' ? { total: raw, currency: sale.amount.currency } : raw),
      }),
    );
  });
  r.post('/captures/:id/decline', (req, res) => {
    const capture = ctx.state.captures.get(String(req.params.id));
    if (!capture) return controlError(res, 404, `No such capture: '${String(req.params.id)}'`);
    run(res, () => settleCapture(ctx, capture, 'DECLINED', 'PAYMENT.CAPTURE.DECLINED'));
  });
  r.post('/captures/:id/hold_refunds', (req, res) => {
    const capture = ctx.state.captures.get(String(req.params.id));
    if (!capture) return controlError(res, 404, `No such capture: '${String(req.params.id)}'`);
    const hold = jsonBody(req).hold !== false;
    ctx.state.captureMeta.set(capture.id, { ...ctx.state.captureMeta.get(capture.id), holdRefunds: hold });
    res.json({ capture: capture.id, hold_refunds: hold });
  });
  r.post('/refunds', (req, res) => {
    const body = jsonBody(req);
    const capture = ctx.state.captures.get(String(body.capture_id ?? ''));
    if (!capture) return controlError(res, 404, `No such capture: '${String(body.capture_id ?? '')}'`);
    if (body.status !== undefined && body.status !== 'PENDING')
      return controlError(res, 400, 'status must be "PENDING" or absent');
    // A dashboard refund carries none of our ids: no custom_id, no invoice_id.
    run(res, () =>
      refundCapture(ctx, capture, {
        amount: controlAmount(body.amount, capture.amount.currency_code),
        noteToPayer: typeof body.note_to_payer === 'string' ? body.note_to_payer : undefined,
        status: body.status === 'PENDING' ? 'PENDING' : undefined,
      }),
    );
  });
  r.post('/refunds/:id/settle', (req, res) => {
    const refund = ctx.state.refunds.get(String(req.params.id));
    if (!refund) return controlError(res, 404, `No such refund: '${String(req.params.id)}'`);
    const body = jsonBody(req);
    if (body.outcome !== 'COMPLETED' && body.outcome !== 'FAILED')
      return controlError(res, 400, 'outcome must be "COMPLETED" or "FAILED"');
    run(res, () => settleRefund(ctx, refund, body.outcome as 'COMPLETED' | 'FAILED', body.silent === true));
  });
  r.post('/disputes', (req, res) => {
    const body = jsonBody(req);
    const capture = ctx.state.captures.get(String(body.capture_id ?? ''));
    if (!capture) return controlError(res, 404, `No such capture: '${String(body.capture_id ?? '')}'`);
    const stage = body.stage ?? 'CHARGEBACK';
    if (stage !== 'INQUIRY' && stage !== 'CHARGEBACK')
      return controlError(res, 400, 'stage must be "INQUIRY" or "CHARGEBACK"');
    const reason = body.reason ?? 'MERCHANDISE_OR_SERVICE_NOT_RECEIVED';
    if (!DISPUTE_REASONS.some((r) => r === reason))
      return controlError(res, 400, `reason must be one of ${DISPUTE_REASONS.join(', ')}`);
    run(res, () =>
      openDispute(ctx, capture, {
        stage,
        reason: String(reason),
        amount: controlAmount(body.amount, capture.amount.currency_code),
        message: typeof body.message === 'string' ? body.message : undefined,
      }),
    );
  });
  r.post('/disputes/:id/escalate', (req, res) => {
    run(res, () => escalateDispute(ctx, getDispute(ctx, String(req.params.id))));
  });
  r.post('/disputes/:id/resolve', (req, res) => {
    const outcome = RESOLUTIONS.find((o) => o === jsonBody(req).outcome);
    if (!outcome) return controlError(res, 400, `outcome must be one of ${RESOLUTIONS.join(', ')}`);
    run(res, () => resolveDispute(ctx, getDispute(ctx, String(req.params.id)), outcome));
  });
  return r;
}
