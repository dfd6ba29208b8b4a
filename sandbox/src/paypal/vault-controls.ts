import express, { Response, Router } from 'express';
import { controlError, jsonBody } from '../shared/controls';
import { PayPalContext } from './context';
import { PayPalError } from './errors';
import { VaultNextPayment } from './state';
import { PaymentToken, SetupToken } from './types';
import {
  VaultPayer,
  approveSetupToken,
  deletePaymentToken,
  expireSetupToken,
  findSetupToken,
  setupRedirect,
} from './vault';

/**
 * Vault test controls on the PayPal port (`/_sandbox/vault/…`, JSON), what the payer or PayPal would do:
 * - `POST setup-tokens/:id/approve {email?, name?: {given_name?, surname?}}` → `{setup_token, redirect_url}`:
 *   the payer saves PayPal on the approval page (default buyer John Doe, `buyer@lms-sandbox.example`);
 *   `redirect_url` is the return URL with `approval_token_id` and `approval_session_id`
 * - `POST setup-tokens/:id/cancel` → `{setup_token, redirect_url}`: the payer cancels (the token stays
 *   PAYER_ACTION_REQUIRED, as at PayPal); `redirect_url` is the cancel URL
 * - `POST setup-tokens/:id/expire` → `{setup_token, expired: true}`: its 3 days are over; PayPal forgets
 *   it (404 everywhere, the approval page says so)
 * - `POST payment-tokens/:id/decline_next` → `{payment_token, next_payment: "declined"}`: the next order
 *   paid with it is COMPLETED with a DECLINED capture (`PAYMENT.CAPTURE.DECLINED`)
 * - `POST payment-tokens/:id/require_payer_action_next` → `{payment_token, next_payment: "payer_action_required"}`:
 *   the next order paid with it is PAYER_ACTION_REQUIRED with a `payer-action` link (approve, then capture)
 * - `POST payment-tokens/:id/delete_silently` → `{payment_token, deleted: true}`: PayPal loses the token
 *   and tells nobody (no webhook): only GET, the customer's list and a failing order show it
 */
export function vaultControls(ctx: PayPalContext): Router {
  const r = Router();
  r.use(express.json({ limit: '1mb' }));

  function withSetup(id: string, res: Response, action: (token: SetupToken) => unknown): void {
    const token = findSetupToken(ctx, id);
    if (!token) return controlError(res, 404, `No such setup token (or it expired): '${id}'`);
    try {
      res.json(action(token));
    } catch (err) {
      if (err instanceof PayPalError) res.status(err.status).json(err.body);
      else controlError(res, 500, err instanceof Error ? err.message : String(err));
    }
  }

  function withPaymentToken(id: string, res: Response, action: (token: PaymentToken) => unknown): void {
    const token = ctx.state.paymentTokens.get(id);
    if (!token) return controlError(res, 404, `No such payment token: '${id}'`);
    res.json(action(token));
  }

  function nextPayment(next: VaultNextPayment) {
    return (token: PaymentToken) => {
      const meta = ctx.state.paymentTokenMeta.get(token.id);
      if (meta) meta.next = next;
      return { payment_token: token.id, next_payment: next };
    };
  }

  r.post('/vault/setup-tokens/:id/approve', (req, res) => {
    const payer = vaultPayer(jsonBody(req));
    if (typeof payer === 'string') return controlError(res, 400, payer);
    withSetup(String(req.params.id), res, (token) => ({
      setup_token: approveSetupToken(ctx, token, payer),
      redirect_url: setupRedirect(ctx, token, 'approve'),
    }));
  });
  r.post('/vault/setup-tokens/:id/cancel', (req, res) => {
    withSetup(String(req.params.id), res, (token) => ({
      setup_token: token,
      redirect_url: setupRedirect(ctx, token, 'cancel'),
    }));
  });
  r.post('/vault/setup-tokens/:id/expire', (req, res) => {
    withSetup(String(req.params.id), res, (token) => {
      expireSetupToken(ctx, token);
      return { setup_token: token.id, expired: true };
    });
  });
  r.post('/vault/payment-tokens/:id/decline_next', (req, res) => {
    withPaymentToken(String(req.params.id), res, nextPayment('declined'));
  });
  r.post('/vault/payment-tokens/:id/require_payer_action_next', (req, res) => {
    withPaymentToken(String(req.params.id), res, nextPayment('payer_action_required'));
  });
  r.post('/vault/payment-tokens/:id/delete_silently', (req, res) => {
    withPaymentToken(String(req.params.id), res, (token) => {
      deletePaymentToken(ctx, token, { silent: true });
      return { payment_token: token.id, deleted: true };
    });
  });
  return r;
}

/** The approving payer's account from a control body, or why it is not usable. */
function vaultPayer(body: Record<string, unknown>): VaultPayer | string {
  const out: VaultPayer = {};
  if (body.email !== undefined) {
    if (typeof body.email !== 'string' || !body.email.includes('@')) return 'email must be an email address';
    out.email = body.email;
  }
  const name = body.name;
  if (name !== undefined) {
    if (typeof name !== 'object' || name === null || Array.isArray(name)) return 'name must be {given_name?, surname?}';
    for (const [k, v] of Object.entries(name)) {
      if ((k !== 'given_name' && k !== 'surname') || typeof v !== 'string')
        return 'name must be {given_name?, surname?} with string values';
      if (v.trim()) out[k] = v.trim();
    }
  }
  return out;
}
