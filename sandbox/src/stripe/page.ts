import { esc, messagePage as sharedMessagePage, page } from '../shared/html';
import { formatMoney } from '../shared/money';
import { DEFAULT_COUNTRY } from './buyer';
import { TEST_CARDS } from './cards';
import { TAX_ID_TYPES } from './tax-ids';
import { cardLabel } from './flows/saved-methods';
import { CheckoutLineItem, CheckoutSession, PaymentMethod } from './types';

const ACCENT = '#635bff';

function per(li: CheckoutLineItem): string {
  const r = li.price.recurring;
  if (!r) return '';
  return r.interval_count > 1 ? ` every ${r.interval_count} ${r.interval}s` : ` per ${r.interval}`;
}

function itemsTable(session: CheckoutSession, items: CheckoutLineItem[]): string {
  if (session.mode === 'setup') return '<p>Save a card for future payments.</p>';
  const rows = items
    .map(
      (li) =>
        `<tr><td>${esc(li.description)}${li.quantity > 1 ? ` &times; ${li.quantity}` : ''}</td><td class="r">${esc(formatMoney(li.amount_total, li.currency))}${esc(per(li))}</td></tr>`,
    )
    .join('');
  const total = formatMoney(session.amount_total ?? 0, session.currency ?? 'usd');
  return `<table>${rows}<tr class="total"><td>Total due today</td><td class="r" data-testid="total">${esc(total)}</td></tr></table>`;
}

function buttonLabel(session: CheckoutSession): string {
  if (session.mode === 'setup') return 'Save card';
  if (session.mode === 'subscription') return 'Subscribe';
  return `Pay ${formatMoney(session.amount_total ?? 0, session.currency ?? 'usd')}`;
}

/** What the buyer typed, echoed back when the page is shown again with an error. */
export interface PageState {
  error?: string;
  email?: string;
  card?: string;
  name?: string;
  line1?: string;
  line2?: string;
  city?: string;
  state?: string;
  postal_code?: string;
  country?: string;
  tax_id_type?: string;
  tax_id_value?: string;
  /** The radio chosen: a saved card's `pm_…`, or `new`. */
  saved_payment_method?: string;
  save_payment_method?: string;
}

function input(id: keyof PageState, label: string, state: PageState, attrs = ''): string {
  return `<label for="${id}">${esc(label)}</label>
  <input type="text" id="${id}" name="${id}" value="${esc(state[id] ?? '')}" ${attrs}>`;
}

/**
 * Billing address fields as Stripe's page asks for them: a card payment always has country and
 * postal code; `billing_address_collection: required` adds the street address, all needed.
 */
function addressFields(session: CheckoutSession, state: PageState): string {
  const full = session.billing_address_collection === 'required';
  const req = full ? 'required' : '';
  const address = full
    ? `${input('line1', 'Address line 1', state, `autocomplete="address-line1" ${req}`)}
  ${input('line2', 'Address line 2', state, 'autocomplete="address-line2"')}
  ${input('city', 'City', state, `autocomplete="address-level2" ${req}`)}
  ${input('state', 'State or region', state, 'autocomplete="address-level1"')}`
    : '';
  return `<fieldset style="border:0;padding:0;margin:12px 0" data-testid="billing"><legend class="muted">Billing address</legend>
  ${address}
  ${input('postal_code', 'Postal code', state, `autocomplete="postal-code" ${req}`)}
  ${input('country', 'Country', state, `autocomplete="country" maxlength="2" placeholder="${DEFAULT_COUNTRY}"`)}
</fieldset>`;
}

/** Tax ID collection: an optional business tax ID (type and number), asked with a new or a saved card. */
function taxIdFields(session: CheckoutSession, state: PageState): string {
  if (!session.tax_id_collection.enabled) return '';
  return `<label for="tax_id_type">Tax ID type</label>
  <select id="tax_id_type" name="tax_id_type"><option value="">(purchasing as an individual)</option>${TAX_ID_TYPES.map(
    (t) => `<option value="${esc(t)}"${state.tax_id_type === t ? ' selected' : ''}>${esc(t)}</option>`,
  ).join('')}</select>
  ${input('tax_id_value', 'Tax ID', state, session.tax_id_collection.required === 'if_supported' ? 'required' : '')}`;
}

/** What the page offers besides a new card: the customer's saved cards and the save checkbox. */
export interface PageOffer {
  saved: PaymentMethod[];
  offerSave: boolean;
}

/**
 * One radio per saved card (the first preselected unless the buyer picked another) and "Use a new
 * card"; choosing a saved card disables and hides the new-card fields, so they are neither checked
 * nor sent.
 */
function savedCards(offer: PageOffer, selected: string): string {
  if (offer.saved.length === 0) return '';
  const radio = (value: string, label: string) =>
    `<label class="choice"><input type="radio" name="saved_payment_method" value="${esc(value)}"${value === selected ? ' checked' : ''}> ${esc(label)}</label>`;
  return `<fieldset style="border:0;padding:0;margin:12px 0" data-testid="saved-cards"><legend class="muted">Saved cards</legend>
  ${offer.saved.map((pm) => radio(pm.id, cardLabel(pm))).join('\n  ')}
  ${radio('new', 'Use a new card')}
</fieldset>`;
}

/** Keeps the new-card fields in step with the radios (the server ignores them for a saved card anyway). */
const SAVED_CARD_SCRIPT = `<script>
document.querySelectorAll('input[name="saved_payment_method"]').forEach(function (r) {
  r.addEventListener('change', function () {
    var fields = document.getElementById('new-card');
    var saved = r.value !== 'new';
    fields.disabled = saved;
    fields.hidden = saved;
  });
});
</script>`;

/** Stripe-like hosted checkout page for an open session (card form + test-card hints). */
export function checkoutPage(
  session: CheckoutSession,
  items: CheckoutLineItem[],
  state: PageState = {},
  offer: PageOffer = { saved: [], offerSave: false },
): string {
  const email = state.email ?? session.customer_email ?? '';
  const selected =
    state.saved_payment_method && offer.saved.some((pm) => pm.id === state.saved_payment_method)
      ? state.saved_payment_method
      : (offer.saved[0]?.id ?? 'new');
  const newCard = selected === 'new';
  const cards = TEST_CARDS.slice(0, 5)
    .concat(TEST_CARDS.filter((c) => c.number === '4000002760003184'))
    .map((c) => `<li><code>${esc(c.number.replace(/(\d{4})(?=\d)/g, '$1 '))}</code> ${esc(c.description)}</li>`)
    .join('');
  const body = `
<h1>LMS Sandbox</h1>
<div class="muted">${session.mode === 'subscription' ? 'Subscribe' : session.mode === 'setup' ? 'Set up payment method' : 'Checkout'}</div>
${itemsTable(session, items)}
${state.error ? `<div class="error" role="alert" data-testid="error">${esc(state.error)}</div>` : ''}
<form method="post" action="/c/pay/${esc(session.id)}">
  <label for="email">Email</label>
  <input type="email" id="email" name="email" value="${esc(email)}" autocomplete="email">
  ${savedCards(offer, selected)}
  <fieldset id="new-card" style="border:0;padding:0;margin:0"${newCard ? '' : ' disabled hidden'}>
  <label for="card">Card number</label>
  <input type="text" id="card" name="card" value="${esc(state.card ?? '')}" placeholder="4242 4242 4242 4242" inputmode="numeric" autocomplete="cc-number" required>
  <label for="exp">Expiry (MM / YY) and CVC</label>
  <input type="text" id="exp" name="exp" placeholder="12 / 34   123" autocomplete="cc-exp">
  <label for="name">Name on card</label>
  <input type="text" id="name" name="name" value="${esc(state.name ?? '')}" autocomplete="cc-name">
  ${addressFields(session, state)}
  ${offer.offerSave ? `<label class="choice"><input type="checkbox" name="save_payment_method" value="true"${state.save_payment_method ? ' checked' : ''}> Save this card for future purchases</label>` : ''}
  </fieldset>
  ${taxIdFields(session, state)}
  ${session.mode === 'payment' ? '<label class="choice"><input type="checkbox" name="async" value="true"> Pay by bank debit (settles later: async payment)</label>' : ''}
  <button type="submit" id="submit">${esc(buttonLabel(session))}</button>
</form>
${offer.saved.length > 0 ? SAVED_CARD_SCRIPT : ''}
${session.cancel_url ? `<p><a id="cancel" href="${esc(session.cancel_url)}">&larr; Cancel and return</a></p>` : ''}
<div class="cards">Test cards: any future expiry, any CVC.<ul>${cards}</ul></div>`;
  return page('Checkout — LMS Sandbox', body, ACCENT);
}

/** The 3-D Secure challenge a card like 4000 0027 6000 3184 asks for. */
export function authPage(session: CheckoutSession): string {
  const amount = session.mode === 'setup' ? '' : formatMoney(session.amount_total ?? 0, session.currency ?? 'usd');
  const body = `
<h1>3D Secure authentication</h1>
<p class="muted">Your bank asks you to confirm ${amount ? `a payment of <strong>${esc(amount)}</strong>` : 'this card'}.</p>
<form method="post" action="/c/3ds/${esc(session.id)}">
  <button type="submit" name="outcome" value="complete" id="complete">Complete authentication</button>
  <button type="submit" name="outcome" value="fail" id="fail" class="secondary">Fail authentication</button>
</form>`;
  return page('Authenticate — LMS Sandbox', body, ACCENT);
}

export function messagePage(title: string, text: string): string {
  return sharedMessagePage(title, text, ACCENT);
}

/** `success_url` gets `{CHECKOUT_SESSION_ID}` replaced at redirect time, like Stripe does. */
export function successRedirect(session: CheckoutSession): string | null {
  return session.success_url ? session.success_url.split('{CHECKOUT_SESSION_ID}').join(session.id) : null;
}
