import express, { Response, Router } from 'express';
import { esc, messagePage as sharedMessagePage, page } from '../shared/html';
import { PayPalContext } from './context';
import { PayPalError } from './errors';
import { SetupToken } from './types';
import { approveSetupToken, findSetupToken, setupRedirect } from './vault';

const ACCENT = '#0070ba';
const messagePage = (text: string): string => sharedMessagePage('PayPal', text, ACCENT);

/**
 * The payer's approval page behind a setup token's `approve` link (`/agreements/approve?approval_session_id=`):
 * "Save PayPal for future purchases", the buyer's email, Save PayPal (`#approve`) / Cancel (`#cancel`).
 */
export function vaultApprovalPage(token: SetupToken, brandName: string | undefined): string {
  const merchant = brandName ?? 'LMS Sandbox';
  const body = `
<h1>PayPal</h1>
<h2 style="font-size:17px;margin:16px 0 4px">Save PayPal for future purchases</h2>
<p class="muted">${esc(merchant)} will be able to charge your PayPal account without asking you each time. You can
cancel this at any time in your PayPal settings.</p>
<form method="post" action="/agreements/approve/${esc(token.id)}">
  <label for="email">PayPal account email</label>
  <input type="email" id="email" name="email" value="buyer@lms-sandbox.example" autocomplete="email">
  <button type="submit" name="action" value="approve" id="approve">Save PayPal</button>
  <button type="submit" name="action" value="cancel" id="cancel" class="secondary">Cancel</button>
</form>`;
  return page('Save PayPal — LMS Sandbox', body, ACCENT);
}

function goTo(res: Response, target: string | null, text: string): void {
  if (target) res.redirect(303, target);
  else res.type('html').send(messagePage(text));
}

function gone(res: Response): void {
  res.status(404).type('html').send(messagePage('This link is not valid or has expired.'));
}

export function vaultApprovalPages(ctx: PayPalContext): Router {
  const r = Router();
  r.get('/agreements/approve', (req, res) => {
    const token = findSetupToken(ctx, String(req.query.approval_session_id ?? ''));
    if (!token) return gone(res);
    if (token.status !== 'PAYER_ACTION_REQUIRED')
      return goTo(res, null, 'You already saved PayPal with this merchant. You can close this window.');
    res.type('html').send(vaultApprovalPage(token, ctx.state.setupTokenMeta.get(token.id)?.brandName));
  });
  r.post('/agreements/approve/:id', express.urlencoded({ extended: false }), (req, res) => {
    const token = findSetupToken(ctx, String(req.params.id));
    if (!token) return gone(res);
    const form = req.body as Record<string, string | undefined>;
    if (form.action === 'cancel')
      return goTo(res, setupRedirect(ctx, token, 'cancel'), 'You cancelled. You can close this window.');
    const email = form.email?.trim();
    if (email !== undefined && email !== '' && !email.includes('@'))
      return void res.status(400).type('html').send(messagePage('Enter the email address of your PayPal account.'));
    try {
      approveSetupToken(ctx, token, { email: email || undefined });
    } catch (err) {
      if (err instanceof PayPalError) return void res.status(422).type('html').send(messagePage(err.message));
      throw err;
    }
    goTo(res, setupRedirect(ctx, token, 'approve'), 'PayPal is saved. You can close this window.');
  });
  return r;
}
