import { randomBytes } from 'node:crypto';
import { paypalId, paypalPayerId } from '../shared/ids';
import { JsonObject, clone } from '../shared/json';
import { PayPalContext } from './context';
import { notFound, unprocessable } from './errors';
import { isoNow, link } from './objects';
import { withParams } from './pages';
import { PaymentToken, SetupToken, VaultLink, VaultedWallet } from './types';

/**
 * Vault v3 (Payment Method Tokens API) for PayPal wallets: a setup token the payer approves on PayPal,
 * turned into a payment token the merchant can charge without the payer (orders with `vault_id`).
 */

/** PayPal: "By default, the setup token expires after 3 days." Afterwards it is gone (404). */
export const SETUP_TOKEN_LIFETIME_MS = 3 * 24 * 3600 * 1000;

const BUYER = { given_name: 'John', surname: 'Doe', email: 'buyer@lms-sandbox.example' };

function pick(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
  return out;
}

/** PayPal-generated vault customer ids: short base62 strings, 10 characters in PayPal sandbox answers. */
export function vaultCustomerId(): string {
  return pick('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 10);
}

/** Payment token ids are lower-case alphanumerics: 17 in PayPal sandbox answers, 7-8 in its docs' samples. */
export function paymentTokenId(): string {
  return pick('abcdefghijklmnopqrstuvwxyz0123456789', 17);
}

function vaultLink(href: string, rel: string, method = 'GET'): VaultLink {
  return { ...link(href, rel, method), encType: 'application/json' };
}

/** The payer's approval page, as PayPal's `approve` link names it (`…/agreements/approve?approval_session_id=`). */
export function setupApproveUrl(ctx: PayPalContext, id: string): string {
  return `${ctx.baseUrl()}/agreements/approve?approval_session_id=${id}`;
}

/** Links a setup token carries in each status: approve while the payer has to act, confirm once approved. */
function setupTokenLinks(ctx: PayPalContext, token: SetupToken): VaultLink[] {
  const self = vaultLink(`${ctx.baseUrl()}/v3/vault/setup-tokens/${token.id}`, 'self');
  switch (token.status) {
    case 'PAYER_ACTION_REQUIRED':
      return [self, vaultLink(setupApproveUrl(ctx, token.id), 'approve')];
    case 'APPROVED':
      return [self, vaultLink(`${ctx.baseUrl()}/v3/vault/payment-tokens`, 'confirm', 'POST')];
    default:
      return [self];
  }
}

function paymentTokenLinks(ctx: PayPalContext, id: string): VaultLink[] {
  const href = `${ctx.baseUrl()}/v3/vault/payment-tokens/${id}`;
  return [vaultLink(href, 'self'), vaultLink(href, 'delete', 'DELETE')];
}

export interface SetupTokenInput {
  /** PayPal's customer id of a payer who saved before; a new one is made when absent. */
  customerId?: string;
  wallet: VaultedWallet;
  returnUrl: string;
  cancelUrl: string;
  brandName?: string;
}

export function createSetupToken(ctx: PayPalContext, input: SetupTokenInput): SetupToken {
  const customerId = input.customerId ?? vaultCustomerId();
  ctx.state.vaultCustomers.add(customerId);
  const token: SetupToken = {
    id: paypalId(),
    customer: { id: customerId },
    status: 'PAYER_ACTION_REQUIRED',
    payment_source: { paypal: input.wallet },
    links: [],
  };
  token.links = setupTokenLinks(ctx, token);
  ctx.state.setupTokens.set(token.id, token);
  ctx.state.setupTokenMeta.set(token.id, {
    returnUrl: input.returnUrl,
    cancelUrl: input.cancelUrl,
    brandName: input.brandName,
    expiresAt: Date.now() + SETUP_TOKEN_LIFETIME_MS,
  });
  return token;
}

/** A setup token PayPal still has, or undefined: unknown and expired ones are forgotten, as PayPal does. */
export function findSetupToken(ctx: PayPalContext, id: string): SetupToken | undefined {
  const token = ctx.state.setupTokens.get(id);
  const meta = ctx.state.setupTokenMeta.get(id);
  if (token && meta && meta.expiresAt > Date.now()) return token;
  ctx.state.setupTokens.delete(id);
  ctx.state.setupTokenMeta.delete(id);
  return undefined;
}

/** `field`/`location` say where the request named it: the path of a GET, the body of a payment-token request. */
export function getSetupToken(
  ctx: PayPalContext,
  id: string,
  field = 'id',
  location: 'path' | 'body' = 'path',
): SetupToken {
  const token = findSetupToken(ctx, id);
  if (!token) throw notFound('payment-tokens', field, id, location);
  return token;
}

/** Ends a setup token's life now (`/_sandbox/vault/setup-tokens/:id/expire`): as if 3 days had passed. */
export function expireSetupToken(ctx: PayPalContext, token: SetupToken): void {
  const meta = ctx.state.setupTokenMeta.get(token.id);
  if (meta) meta.expiresAt = 0;
  findSetupToken(ctx, token.id);
}

export function alreadyTokenized() {
  return unprocessable(
    'payment-tokens',
    'SETUP_TOKEN_ALREADY_TOKENIZED',
    'The setup token has been used previously to generate a payment token.',
  );
}

/** Who approves: their PayPal account's email and name; the default buyer's where not given. */
export interface VaultPayer {
  email?: string;
  given_name?: string;
  surname?: string;
}

/**
 * The payer agrees on PayPal's page: the token learns the wallet (email, payer id, name) and becomes
 * APPROVED. Approving again changes nothing; a token already turned into a payment token is refused.
 */
export function approveSetupToken(ctx: PayPalContext, token: SetupToken, payer: VaultPayer = {}): SetupToken {
  if (token.status === 'VAULTED') throw alreadyTokenized();
  if (token.status === 'APPROVED') return token;
  token.payment_source.paypal = {
    ...token.payment_source.paypal,
    email_address: payer.email ?? BUYER.email,
    payer_id: paypalPayerId(),
    name: { given_name: payer.given_name ?? BUYER.given_name, surname: payer.surname ?? BUYER.surname },
  };
  token.status = 'APPROVED';
  token.links = setupTokenLinks(ctx, token);
  return token;
}

/**
 * Where the browser goes after the approval page: the merchant's return (or cancel) URL with PayPal's
 * `approval_token_id` (the setup token) and `approval_session_id`. [unverified: PayPal's session id is
 * its own value; the sandbox reuses the token id, as the `approve` link in PayPal's sample does]
 */
export function setupRedirect(ctx: PayPalContext, token: SetupToken, outcome: 'approve' | 'cancel'): string | null {
  const meta = ctx.state.setupTokenMeta.get(token.id);
  const base = outcome === 'approve' ? meta?.returnUrl : meta?.cancelUrl;
  return base ? withParams(base, { approval_token_id: token.id, approval_session_id: token.id }) : null;
}

/** The webhook resource of a payment token (PayPal's samples add `time_created`). */
function tokenResource(token: PaymentToken, createdAt: string): JsonObject {
  return { ...clone(token), time_created: createdAt };
}

/**
 * `POST /v3/vault/payment-tokens` with an approved setup token: the wallet is saved on the setup token's
 * customer, the setup token becomes VAULTED, and `VAULT.PAYMENT-TOKEN.CREATED` carries the new token.
 */
export function tokenizeSetupToken(ctx: PayPalContext, setupTokenId: string): PaymentToken {
  const setup = getSetupToken(ctx, setupTokenId, '/payment_source/token/id', 'body');
  if (setup.status === 'PAYER_ACTION_REQUIRED')
    throw unprocessable(
      'payment-tokens',
      'PAYER_ACTION_REQUIRED',
      'Please make sure setup up token is approved. Please complete the approval flow.',
    );
  if (setup.status === 'VAULTED') throw alreadyTokenized();
  const wallet = setup.payment_source.paypal as PaymentToken['payment_source']['paypal'];
  const id = paymentTokenId();
  const token: PaymentToken = {
    id,
    customer: { id: setup.customer.id },
    payment_source: { paypal: clone(wallet) },
    links: paymentTokenLinks(ctx, id),
  };
  const createdAt = isoNow();
  ctx.state.paymentTokens.set(id, token);
  ctx.state.paymentTokenMeta.set(id, { createdAt });
  setup.status = 'VAULTED';
  setup.links = setupTokenLinks(ctx, setup);
  ctx.events.emit(
    'VAULT.PAYMENT-TOKEN.CREATED',
    'payment_token',
    'A payment token has been created.',
    tokenResource(token, createdAt),
    {
      resourceVersion: '3.0',
    },
  );
  return token;
}

export function getPaymentToken(ctx: PayPalContext, id: string): PaymentToken {
  const token = ctx.state.paymentTokens.get(id);
  if (!token) throw notFound('payment-tokens', 'id', id);
  return token;
}

/** A customer's saved tokens, oldest first (the order they were saved in). */
export function customerTokens(ctx: PayPalContext, customerId: string): PaymentToken[] {
  return [...ctx.state.paymentTokens.values()].filter((t) => t.customer.id === customerId);
}

/**
 * Deletes a payment token. A PayPal wallet's deletion is announced twice: `VAULT.PAYMENT-TOKEN.DELETION-INITIATED`
 * (PayPal-only, the request was submitted) then `VAULT.PAYMENT-TOKEN.DELETED`. [unverified: what their resource
 * holds; the sandbox sends the token as it was, so `customer.id` is there] `silent` sends neither: PayPal lost
 * or removed the token without telling (`/_sandbox/vault/payment-tokens/:id/delete_silently`).
 */
export function deletePaymentToken(ctx: PayPalContext, token: PaymentToken, opts: { silent?: boolean } = {}): void {
  const createdAt = ctx.state.paymentTokenMeta.get(token.id)?.createdAt ?? isoNow();
  ctx.state.paymentTokens.delete(token.id);
  ctx.state.paymentTokenMeta.delete(token.id);
  if (opts.silent) return;
  const resource = tokenResource(token, createdAt);
  delete resource.links;
  const version = { resourceVersion: '3.0' };
  ctx.events.emit(
    'VAULT.PAYMENT-TOKEN.DELETION-INITIATED',
    'payment_token',
    'A payment token deletion has been initiated.',
    resource,
    version,
  );
  ctx.events.emit(
    'VAULT.PAYMENT-TOKEN.DELETED',
    'payment_token',
    'A payment token has been deleted.',
    resource,
    version,
  );
}
