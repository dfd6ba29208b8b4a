import { nowSeconds } from '../../shared/json';
import { checkAmountFormat, checkCheckoutMinimum } from '../currency-rules';
import { invalidParam, invalidRequest, invalidState, missingParam } from '../errors';
import { newCheckoutSession, newLineItem } from '../objects/checkout';
import { newProduct } from '../objects/catalog';
import { newSetupIntent } from '../objects/payment';
import { Params } from '../params';
import { Route, route } from '../router';
import { StripeContext } from '../context';
import { CheckoutLineItem, CheckoutSession, Customer, CustomerUpdate, TaxIdCollection } from '../types';
import { checkCurrencyLock } from '../flows/currency-lock';
import { expireSession } from '../flows/expire';
import { createPrice } from './catalog';
import { savedPaymentMethodOptions, setupFutureUsage } from './saved-method-options';
import { listOf, mustGet, mustRef } from './util';

const MODES = ['payment', 'setup', 'subscription'] as const;
const UI_MODES = ['hosted_page', 'embedded_page', 'elements', 'form'] as const;
const BILLING_ADDRESS_COLLECTION = ['auto', 'required'] as const;
const TAX_ID_REQUIRED = ['if_supported', 'never'] as const;
const CUSTOMER_UPDATE = ['auto', 'never'] as const;

function taxIdCollection(p: Params): TaxIdCollection {
  const t = p.obj('tax_id_collection')?.only(['enabled', 'required']);
  if (!t) return { enabled: false, required: 'never' };
  const enabled = t.bool('enabled');
  if (enabled === undefined) throw missingParam('tax_id_collection[enabled]');
  return { enabled, required: t.enum('required', TAX_ID_REQUIRED) ?? 'never' };
}

function customerUpdate(p: Params, customer: Customer | undefined): CustomerUpdate {
  const u = p.obj('customer_update')?.only(['address', 'name', 'shipping']);
  if (!u) return {};
  if (!customer) throw invalidParam('customer_update', '`customer_update` can only be used with `customer`.');
  const update: CustomerUpdate = {};
  for (const key of ['address', 'name', 'shipping'] as const) {
    const v = u.enum(key, CUSTOMER_UPDATE);
    if (v) update[key] = v;
  }
  return update;
}

/**
 * Tax IDs entered at checkout are saved on an existing customer together with the business name
 * and an address to validate them against, so Stripe wants leave to write both (recorded wording).
 */
function checkTaxIdsForCustomer(customer: Customer | undefined, taxIds: TaxIdCollection, update: CustomerUpdate): void {
  if (!customer || !taxIds.enabled) return;
  if (update.name !== 'auto') {
    throw invalidRequest(
      'Tax ID collection requires updating business name on the customer. To enable tax ID collection for an existing customer, please set `customer_update[name]` to `auto`.',
    );
  }
  if (!customer.address?.country && update.address !== 'auto') {
    throw invalidRequest(
      'We could not find a valid address on the provided customer. To enable tax ID collection, please set customer_update[address] to auto.',
    );
  }
}

function lineItem(
  ctx: StripeContext,
  li: Params,
  i: number,
  request: Parameters<Route['handler']>[0]['request'],
): CheckoutLineItem {
  const quantity = li.int('quantity', true, 1) as number;
  const priceId = li.str('price');
  const data = li.obj('price_data');
  if (priceId) {
    const price = mustRef(ctx.state.prices, priceId, `line_items[${i}][price]`);
    if (!price.active)
      throw invalidParam(
        `line_items[${i}][price]`,
        `The price specified is inactive. This field only accepts active prices.`,
      );
    const product = ctx.state.products.get(price.product);
    return newLineItem(
      price,
      quantity,
      product?.name ?? (typeof price.nickname === 'string' ? price.nickname : 'Item'),
    );
  }
  if (!data) throw missingParam(`line_items[${i}][price]`);
  let productId = data.str('product');
  let name: string;
  if (productId) name = mustRef(ctx.state.products, productId, `line_items[${i}][price_data][product]`).name;
  else {
    const pd = data.obj('product_data');
    if (!pd) throw missingParam(`line_items[${i}][price_data][product_data]`);
    const product = newProduct({
      name: pd.str('name', true) as string,
      description: pd.str('description'),
      metadata: pd.metadata(),
    });
    ctx.state.track(product);
    ctx.state.products.set(product.id, product);
    ctx.events.emit('product.created', product, request);
    productId = product.id;
    name = product.name;
  }
  const price = createPrice(ctx, data, productId);
  // Inline prices are created inactive by Stripe so they cannot be reused.
  price.active = false;
  return newLineItem(price, quantity, name);
}

/** Stripe's currency rules for what a payment-mode session will charge: each unit amount, then the total. */
function checkChargeAmounts(items: CheckoutLineItem[], currency: string): void {
  items.forEach((li, i) => {
    const param = li.price.active ? `line_items[${i}][price]` : `line_items[${i}][price_data][unit_amount]`;
    checkAmountFormat(li.price.unit_amount ?? 0, currency, param);
  });
  const total = items.reduce((sum, li) => sum + li.amount_total, 0);
  checkAmountFormat(total, currency, 'line_items');
  checkCheckoutMinimum(total, currency);
}

/**
 * `allowed_payment_method_types[]` (stripe-node 23 / endive replaced `payment_method_types` with it
 * on session creation). The sandbox emulates cards only, so that is the one type it takes.
 */
function allowedPaymentMethodTypes(p: Params): string[] | null {
  const types = p.strings('allowed_payment_method_types');
  if (types.length === 0) return null;
  types.forEach((t, i) => {
    if (t !== 'card') {
      throw invalidParam(
        `allowed_payment_method_types[${i}]`,
        `The sandbox only emulates card payments; '${t}' is not available here.`,
      );
    }
  });
  return types;
}

function checkExpiresAt(p: Params): number {
  const now = nowSeconds();
  const expiresAt = p.int('expires_at');
  if (expiresAt === undefined) return now + 24 * 3600;
  if (expiresAt > now + 24 * 3600 + 60) {
    throw invalidParam(
      'expires_at',
      'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.',
    );
  }
  if (expiresAt < now + 30 * 60 - 60) {
    throw invalidParam(
      'expires_at',
      'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.',
    );
  }
  return expiresAt;
}

function create({ params, request }: Parameters<Route['handler']>[0], ctx: StripeContext): CheckoutSession {
  const mode = params.enum('mode', MODES, true) as CheckoutSession['mode'];
  const uiMode = params.enum('ui_mode', UI_MODES) ?? 'hosted_page';
  const customerId = params.str('customer') ?? null;
  const customer = customerId ? mustRef(ctx.state.customers, customerId, 'customer') : undefined;
  if (customer?.deleted) throw invalidParam('customer', `No such customer: '${customerId}'`, 'resource_missing');
  const customerEmail = params.str('customer_email') ?? null;
  if (customerId && customerEmail) {
    throw invalidParam('customer_email', 'You may only specify one of these parameters: customer, customer_email.');
  }
  const clientReferenceId = params.str('client_reference_id') ?? null;
  if (clientReferenceId && clientReferenceId.length > 200) {
    throw invalidParam('client_reference_id', 'Invalid string: must be at most 200 characters');
  }
  const expiresAt = checkExpiresAt(params);
  const billingAddressCollection = params.enum('billing_address_collection', BILLING_ADDRESS_COLLECTION) ?? null;
  const taxIds = taxIdCollection(params);
  const update = customerUpdate(params, customer);
  checkTaxIdsForCustomer(customer, taxIds, update);
  const savedOptions = savedPaymentMethodOptions(params, mode, customerId);
  const futureUsage = setupFutureUsage(params);
  const items = (params.list('line_items') ?? []).map((li, i) => lineItem(ctx, li, i, request));
  if (mode !== 'setup' && items.length === 0) throw missingParam('line_items');
  items.forEach((li, i) => {
    if (mode === 'payment' && li.price.recurring) {
      throw invalidParam(
        `line_items[${i}][price]`,
        'You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.',
      );
    }
  });
  if (mode === 'subscription' && !items.some((li) => li.price.recurring)) {
    throw invalidParam(
      'line_items',
      'You must provide at least one recurring price in `subscription` mode when using prices.',
    );
  }
  const currencies = new Set(items.map((li) => li.currency));
  if (currencies.size > 1) {
    throw invalidParam(
      'line_items',
      `All prices on a Checkout Session must have the same currency; received ${[...currencies].join(', ')}.`,
    );
  }
  const currency =
    items[0]?.currency ?? (params.has('currency') ? (params.str('currency') as string).toLowerCase() : null);
  const allowedTypes = allowedPaymentMethodTypes(params);
  // Stripe needs a currency in setup mode unless the types are listed (it computes them from it).
  // [unverified: the wording; Stripe's generic missing-parameter message]
  if (mode === 'setup' && !currency && !allowedTypes) throw missingParam('currency');
  if (mode === 'payment' && currency) checkChargeAmounts(items, currency);
  const subscriptionData = params.obj('subscription_data');
  const trialPeriodDays = subscriptionData?.int('trial_period_days', false, 1);
  // Stripe refuses another currency for a customer's subscriptions when the session is created.
  if (mode === 'subscription' && customer && currency) checkCurrencyLock(ctx, customer, currency);
  const session = newCheckoutSession({
    mode,
    lineItems: items,
    currency,
    customer: customerId,
    customerEmail,
    clientReferenceId,
    successUrl: params.str('success_url') ?? null,
    cancelUrl: params.str('cancel_url') ?? null,
    expiresAt,
    metadata: params.metadata() ?? {},
    uiMode,
    locale: params.str('locale') ?? null,
    pageBaseUrl: ctx.pageBaseUrl(),
    billingAddressCollection,
    taxIdCollection: taxIds,
  });
  session.saved_payment_method_options = savedOptions;
  session.allowed_payment_method_types = allowedTypes;
  if (trialPeriodDays) {
    // Nothing is due today with a trial: the first invoice is $0. [unverified: totals of a trial session]
    session.amount_subtotal = 0;
    session.amount_total = 0;
  }
  if (uiMode !== 'hosted_page') {
    // Embedded and Elements sessions are driven by a client secret, not a redirect URL.
    session.url = null;
    session.client_secret = `${session.id}_secret_${session.id.slice(-24)}`;
  }
  if (mode === 'setup') {
    const si = newSetupIntent(customerId, params.obj('setup_intent_data')?.metadata() ?? {});
    ctx.state.track(si);
    ctx.state.setupIntents.set(si.id, si);
    session.setup_intent = si.id;
  }
  ctx.state.track(session);
  ctx.state.sessions.set(session.id, session);
  ctx.state.sessionMeta.set(session.id, {
    lineItems: items,
    paymentIntentMetadata: params.obj('payment_intent_data')?.metadata() ?? {},
    subscriptionMetadata: subscriptionData?.metadata() ?? {},
    ...(trialPeriodDays ? { trialPeriodDays } : {}),
    ...(futureUsage && mode === 'payment' ? { setupFutureUsage: futureUsage } : {}),
    customerUpdate: update,
  });
  return session;
}

export const checkoutRoutes: Route[] = [
  route('POST', '/v1/checkout/sessions', create),
  route('GET', '/v1/checkout/sessions', ({ params }, ctx) => {
    const pi = params.str('payment_intent');
    const sub = params.str('subscription');
    const items = [...ctx.state.sessions.values()].filter(
      (s) => (!pi || s.payment_intent === pi) && (!sub || s.subscription === sub),
    );
    return listOf(ctx.state, items, '/v1/checkout/sessions', params);
  }),
  route('GET', '/v1/checkout/sessions/:id', ({ path }, ctx) => mustGet(ctx.state.sessions, path.id)),
  route('GET', '/v1/checkout/sessions/:id/line_items', ({ path, params }, ctx) => {
    mustGet(ctx.state.sessions, path.id);
    const items = ctx.state.sessionMeta.get(path.id)?.lineItems ?? [];
    // Line items keep their session order rather than newest-first.
    const page = listOf(ctx.state, items, `/v1/checkout/sessions/${path.id}/line_items`, params);
    return { ...page, data: items.slice(0, params.int('limit') ?? 10) };
  }),
  route('POST', '/v1/checkout/sessions/:id/expire', ({ path, request }, ctx) => {
    const session = mustGet(ctx.state.sessions, path.id);
    if (session.status !== 'open') {
      // Stripe's wording, status in backticks; it carries no error code, so clients can only read the message.
      throw invalidState(
        `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of \`${session.status}\`.`,
      );
    }
    return expireSession(ctx, session, request);
  }),
];
