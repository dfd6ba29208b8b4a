import { Json, JsonObject, isObject } from '../../shared/json';
import { PayPalContext } from '../context';
import { PayPalError, invalidField, invalidRequest, missingField } from '../errors';
import { PPRequest, Route, route } from '../router';
import { VaultedWallet } from '../types';
import {
  createSetupToken,
  customerTokens,
  deletePaymentToken,
  getPaymentToken,
  getSetupToken,
  tokenizeSetupToken,
} from '../vault';

/** Vault v3 REST routes: setup tokens, payment tokens (PayPal wallets only). */

const API = 'payment-tokens' as const;
const USAGE_TYPES = ['MERCHANT', 'PLATFORM'];
const CUSTOMER_TYPES = ['CONSUMER', 'BUSINESS'];
const SHIPPING_PREFERENCES = ['GET_FROM_FILE', 'NO_SHIPPING', 'SET_PROVIDED_ADDRESS'];
/** `merchant_partner_customer_id` in the v3 spec. */
const CUSTOMER_ID = /^[0-9a-zA-Z_-]{1,22}$/;
/** Payment sources PayPal vaults that the sandbox does not emulate. */
const OTHER_SOURCES = ['card', 'venmo', 'apple_pay', 'bank', 'token'];

function text(o: JsonObject, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function syntax(field: string, value: string): PayPalError {
  return invalidField(
    API,
    field,
    value,
    'INVALID_PARAMETER_SYNTAX',
    'The value of a field does not conform to the expected format.',
  );
}

function notSupported(field: string): PayPalError {
  return invalidRequest(API, [
    {
      field,
      location: 'body',
      issue: 'NOT_SUPPORTED',
      description: 'The sandbox vaults PayPal wallets only (no cards, Venmo, Apple Pay, banks or billing agreements).',
    },
  ]);
}

/** The spec marks PayPal-Request-Id as required on both vault POSTs. */
function requireRequestId(req: PPRequest): void {
  if (req.requestId) return;
  throw invalidRequest(API, [
    {
      field: 'PayPal-Request-Id',
      location: 'header',
      issue: 'PAYPAL_REQUEST_ID_REQUIRED',
      // [unverified: PayPal's wording here; the issue name is the orders API's]
      description: 'A PayPal-Request-Id header is required for this request.',
    },
  ]);
}

/** One of `allowed`, or `fallback` when absent. */
function oneOf(o: JsonObject, key: string, at: string, allowed: string[], fallback?: string): string {
  const v = o[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (v === undefined || v === '') throw missingField(API, `${at}/${key}`);
  if (typeof v !== 'string' || !allowed.includes(v)) throw invalidField(API, `${at}/${key}`, String(v));
  return v;
}

/** A return or cancel URL: required for a PayPal wallet ("required field for contingency flows like PayPal wallet"). */
function url(o: JsonObject, key: string, at: string): string {
  const v = o[key];
  if (v === undefined || v === '') throw missingField(API, `${at}/${key}`);
  if (typeof v !== 'string' || v.length > 4000 || !/^https?:\/\//i.test(v)) throw syntax(`${at}/${key}`, String(v));
  try {
    new URL(v);
  } catch {
    throw syntax(`${at}/${key}`, v);
  }
  return v;
}

function optionalText(o: JsonObject, key: string, at: string, max: number): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length < 1 || v.length > max) throw syntax(`${at}/${key}`, String(v));
  return v;
}

function walletOf(paypal: JsonObject): VaultedWallet {
  const at = '/payment_source/paypal';
  const permit = paypal.permit_multiple_payment_tokens;
  if (permit !== undefined && typeof permit !== 'boolean')
    throw syntax(`${at}/permit_multiple_payment_tokens`, String(permit));
  const description = optionalText(paypal, 'description', at, 128);
  return {
    ...(description ? { description } : {}),
    usage_type: oneOf(paypal, 'usage_type', at, USAGE_TYPES),
    customer_type: oneOf(paypal, 'customer_type', at, CUSTOMER_TYPES, 'CONSUMER'),
    permit_multiple_payment_tokens: permit ?? false,
  };
}

function customerIdOf(body: JsonObject): string | undefined {
  if (body.customer === undefined) return undefined;
  if (!isObject(body.customer)) throw syntax('/customer', JSON.stringify(body.customer));
  const id = body.customer.id;
  if (id === undefined) return undefined;
  if (typeof id !== 'string' || !CUSTOMER_ID.test(id)) throw syntax('/customer/id', String(id));
  return id;
}

function createSetup(req: PPRequest, ctx: PayPalContext) {
  requireRequestId(req);
  const body = req.body ?? {};
  const source = body.payment_source;
  if (!isObject(source)) throw missingField(API, '/payment_source');
  const paypal = source.paypal;
  if (!isObject(paypal)) {
    const other = OTHER_SOURCES.find((k) => k in source);
    throw other ? notSupported(`/payment_source/${other}`) : missingField(API, '/payment_source/paypal');
  }
  const wallet = walletOf(paypal);
  const at = '/payment_source/paypal/experience_context';
  const experience = paypal.experience_context;
  if (!isObject(experience)) throw missingField(API, `${at}/return_url`);
  const returnUrl = url(experience, 'return_url', at);
  const cancelUrl = url(experience, 'cancel_url', at);
  const brandName = optionalText(experience, 'brand_name', at, 300);
  if (experience.shipping_preference !== undefined) oneOf(experience, 'shipping_preference', at, SHIPPING_PREFERENCES);
  const token = createSetupToken(ctx, { customerId: customerIdOf(body), wallet, returnUrl, cancelUrl, brandName });
  return { status: 201, body: token };
}

function createPaymentToken(req: PPRequest, ctx: PayPalContext) {
  requireRequestId(req);
  const source = req.body?.payment_source;
  if (!isObject(source)) throw missingField(API, '/payment_source');
  const token = source.token;
  if (!isObject(token)) {
    const other = OTHER_SOURCES.find((k) => k in source);
    throw other ? notSupported(`/payment_source/${other}`) : missingField(API, '/payment_source/token');
  }
  const id = text(token, 'id');
  if (!id) throw missingField(API, '/payment_source/token/id');
  const type = text(token, 'type');
  if (!type) throw missingField(API, '/payment_source/token/type');
  // BILLING_AGREEMENT migrates a v1 billing agreement into the vault; the sandbox has none to migrate.
  if (type === 'BILLING_AGREEMENT') throw notSupported('/payment_source/token/type');
  if (type !== 'SETUP_TOKEN') throw invalidField(API, '/payment_source/token/type', type);
  return { status: 201, body: tokenizeSetupToken(ctx, id) };
}

function queryError(field: string, value: string | null, issue: string, description: string): PayPalError {
  return invalidRequest(API, [{ field, ...(value === null ? {} : { value }), location: 'query', issue, description }]);
}

function positive(query: URLSearchParams, key: string, fallback: number): number {
  const raw = query.get(key);
  if (raw === null) return fallback;
  if (!/^[1-9]\d{0,5}$/.test(raw))
    throw queryError(key, raw, 'INVALID_PARAMETER_VALUE', 'The value of a field is invalid.');
  return Number(raw);
}

/**
 * `GET /v3/vault/payment-tokens?customer_id=&page=&page_size=&total_required=`: `total_items` and
 * `total_pages` only with `total_required=true`, as PayPal does. An unknown customer has no tokens.
 */
function listTokens({ query }: PPRequest, ctx: PayPalContext) {
  const customerId = query.get('customer_id');
  if (!customerId)
    throw queryError('customer_id', null, 'MISSING_REQUIRED_PARAMETER', 'A required field / parameter is missing.');
  // The spec also sets a 7-character minimum, which would refuse ids its own create call accepts.
  if (!/^[0-9a-zA-Z_-]{1,36}$/.test(customerId))
    throw queryError(
      'customer_id',
      customerId,
      'INVALID_PARAMETER_SYNTAX',
      'The value of a field does not conform to the expected format.',
    );
  const page = positive(query, 'page', 1);
  const pageSize = positive(query, 'page_size', 5);
  const totalRaw = query.get('total_required') ?? 'false';
  if (totalRaw !== 'true' && totalRaw !== 'false')
    throw queryError('total_required', totalRaw, 'INVALID_PARAMETER_VALUE', 'The value of a field is invalid.');
  const all = customerTokens(ctx, customerId);
  const totalPages = Math.max(1, Math.ceil(all.length / pageSize));
  const at = (p: number, rel: string): Json => ({
    href: `${ctx.baseUrl()}/v3/vault/payment-tokens?customer_id=${customerId}&page=${p}&page_size=${pageSize}&total_required=${totalRaw}`,
    rel,
    method: 'GET',
    encType: 'application/json',
  });
  const links = [at(page, 'self'), at(1, 'first'), at(totalPages, 'last')];
  if (page > 1) links.push(at(Math.min(page - 1, totalPages), 'prev'));
  if (page < totalPages) links.push(at(page + 1, 'next'));
  return {
    status: 200,
    body: {
      ...(totalRaw === 'true' ? { total_items: all.length, total_pages: totalPages } : {}),
      customer: { id: customerId },
      payment_tokens: all.slice((page - 1) * pageSize, page * pageSize),
      links,
    },
  };
}

export const vaultRoutes: Route[] = [
  route('POST', '/v3/vault/setup-tokens', API, createSetup),
  route('GET', '/v3/vault/setup-tokens/:id', API, ({ path }, ctx) => ({
    status: 200,
    body: getSetupToken(ctx, path.id),
  })),
  route('POST', '/v3/vault/payment-tokens', API, createPaymentToken),
  route('GET', '/v3/vault/payment-tokens', API, listTokens),
  route('GET', '/v3/vault/payment-tokens/:id', API, ({ path }, ctx) => ({
    status: 200,
    body: getPaymentToken(ctx, path.id),
  })),
  route('DELETE', '/v3/vault/payment-tokens/:id', API, ({ path }, ctx) => {
    deletePaymentToken(ctx, getPaymentToken(ctx, path.id));
    return { status: 204 };
  }),
];
