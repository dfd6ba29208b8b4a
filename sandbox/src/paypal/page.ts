import { esc, page } from '../shared/html';
import { decimalToMinor, formatMoney, paypalExponent } from '../shared/money';
import { Money } from './types';

const ACCENT = '#0070ba';

function show(m: Money): string {
  const exp = paypalExponent(m.currency_code);
  const minor = decimalToMinor(m.value, exp);
  return minor === null ? `${m.value} ${m.currency_code}` : formatMoney(minor, m.currency_code, exp);
}

export interface ApprovalView {
  kind: 'order' | 'subscription';
  token: string;
  amount: Money;
  description: string;
  /** For subscriptions: "per month". */
  cadence?: string;
  canCancel: boolean;
}

/** The PayPal-like approval page behind an order's `approve` link or a subscription's. */
export function approvalPage(v: ApprovalView): string {
  const instruments =
    v.kind === 'order'
      ? `<fieldset style="border:0;padding:0;margin:12px 0"><legend class="muted">Pay with</legend>
  <label class="choice"><input type="radio" name="instrument" value="balance" checked> PayPal balance (capture completes)</label>
  <label class="choice"><input type="radio" name="instrument" value="declined"> Visa ending 0002 (capture fails: INSTRUMENT_DECLINED)</label>
  <label class="choice"><input type="radio" name="instrument" value="denied"> Bank account (capture DENIED)</label>
  <label class="choice"><input type="radio" name="instrument" value="pending"> eCheck (capture PENDING, settles later)</label>
</fieldset>`
      : '';
  const body = `
<h1>PayPal</h1>
<div class="muted">Logged in as John Doe (buyer@lms-sandbox.example)</div>
<table><tr><td>${esc(v.description)}</td><td class="r" data-testid="amount">${esc(show(v.amount))}${v.cadence ? ` ${esc(v.cadence)}` : ''}</td></tr></table>
<form method="post" action="/checkoutnow/${v.kind === 'order' ? 'order' : 'subscription'}/${esc(v.token)}">
${instruments}
  <button type="submit" name="action" value="approve" id="approve">${v.kind === 'order' ? 'Approve' : 'Agree &amp; Subscribe'}</button>
  ${v.canCancel ? '<button type="submit" name="action" value="cancel" id="cancel" class="secondary">Cancel</button>' : ''}
</form>`;
  return page('PayPal Checkout — LMS Sandbox', body, ACCENT);
}
