import * as paypal from '@paypal/checkout-server-sdk';
import Stripe from 'stripe';
import { STRIPE_BILLING_ADDRESS } from './checkout-request';
import { sandboxControl } from './purchase';
import { api, eventually, type SandboxTestContext } from './test-app';

export type Provider = 'stripe' | 'paypal';

export interface MethodView {
  id: string;
  provider: Provider;
  type: 'card' | 'paypal';
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  email: string | null;
  label: string;
  isDefault: boolean;
  expired: boolean;
  createdAt: string;
}

export interface Student {
  id: string;
  token: string;
  email: string;
}

export function startSetup(ctx: SandboxTestContext, token: string, provider: Provider) {
  return api(ctx.app).post('/api/payment-methods/setup').auth(token, { type: 'bearer' }).send({ provider });
}

export function completeSetup(ctx: SandboxTestContext, token: string, setupId: string) {
  return api(ctx.app).post(`/api/payment-methods/setup/${setupId}/complete`).auth(token, { type: 'bearer' }).send({});
}

export async function listMethods(ctx: SandboxTestContext, token: string, refresh = false): Promise<MethodView[]> {
  const res = await api(ctx.app)
    .get(`/api/payment-methods${refresh ? '?refresh=true' : ''}`)
    .auth(token, { type: 'bearer' });
  if (res.status !== 200) throw new Error(`list failed: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { items: MethodView[] }).items;
}

export function makeDefault(ctx: SandboxTestContext, token: string, id: string) {
  return api(ctx.app).post(`/api/payment-methods/${id}/default`).auth(token, { type: 'bearer' }).send({});
}

export function removeMethod(ctx: SandboxTestContext, token: string, id: string) {
  return api(ctx.app).delete(`/api/payment-methods/${id}`).auth(token, { type: 'bearer' });
}

/** The provider's id of our setup (Stripe `cs_…`, PayPal setup token). */
export async function providerSetupId(ctx: SandboxTestContext, setupId: string): Promise<string> {
  const [row]: { provider_setup_id: string }[] = await ctx.db.dataSource.query(
    `SELECT provider_setup_id FROM payment_method_setups WHERE id = $1`,
    [setupId],
  );
  return row.provider_setup_id;
}

/** What the student does on the provider's page: enter a card (Stripe) or approve with their PayPal account. */
export async function finishOnProviderPage(
  ctx: SandboxTestContext,
  provider: Provider,
  setupId: string,
  options: { card?: string; email?: string } = {},
): Promise<void> {
  const id = await providerSetupId(ctx, setupId);
  if (provider === 'stripe') {
    await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/checkout/sessions/${id}/pay`, {
      card: options.card ?? '4242424242424242',
      // A setup page asks only for what a card needs: country and postal code.
      address: { country: STRIPE_BILLING_ADDRESS.country, postal_code: STRIPE_BILLING_ADDRESS.postal_code },
    });
  } else {
    await sandboxControl(`${ctx.sandbox.paypal.url}/_sandbox/vault/setup-tokens/${id}/approve`, {
      ...(options.email ? { email: options.email } : {}),
    });
  }
}

/** A method saved end to end: setup, the provider's page, the return. */
export async function savedMethod(
  ctx: SandboxTestContext,
  student: Student,
  provider: Provider,
  options: { card?: string; email?: string } = {},
): Promise<MethodView> {
  const setup = await startSetup(ctx, student.token, provider);
  if (setup.status !== 201) throw new Error(`setup failed: ${setup.status} ${JSON.stringify(setup.body)}`);
  await finishOnProviderPage(ctx, provider, setup.body.setupId, options);
  const done = await completeSetup(ctx, student.token, setup.body.setupId);
  if (done.status !== 200) throw new Error(`complete failed: ${done.status} ${JSON.stringify(done.body)}`);
  return (done.body as { method: MethodView }).method;
}

/** Rows we hold for a student (attached and detached). */
export async function methodRows(
  ctx: SandboxTestContext,
  userId: string,
): Promise<{ provider_payment_method_id: string; status: string }[]> {
  return ctx.db.dataSource.query(
    `SELECT provider_payment_method_id, status FROM payment_methods WHERE user_id = $1 ORDER BY created_at`,
    [userId],
  );
}

export async function providerMethodId(ctx: SandboxTestContext, methodId: string): Promise<string> {
  const [row]: { provider_payment_method_id: string }[] = await ctx.db.dataSource.query(
    `SELECT provider_payment_method_id FROM payment_methods WHERE id = $1`,
    [methodId],
  );
  return row.provider_payment_method_id;
}

export function stripeClient(ctx: SandboxTestContext): Stripe {
  const url = new URL(ctx.sandbox.stripe.url);
  return new Stripe(ctx.sandbox.stripe.secretKey, { host: url.hostname, port: Number(url.port), protocol: 'http' });
}

/** A PayPal API call with the real SDK's client, as the merchant's dashboard or another tool would make it. */
export async function paypalCall(
  ctx: SandboxTestContext,
  verb: 'GET' | 'DELETE',
  path: string,
): Promise<{ statusCode: number; result: unknown }> {
  const env = new paypal.core.PayPalEnvironment(
    ctx.sandbox.paypal.clientId,
    ctx.sandbox.paypal.clientSecret,
    ctx.sandbox.paypal.url,
    ctx.sandbox.paypal.url,
  );
  const client = new paypal.core.PayPalHttpClient(env);
  try {
    const response = await client.execute({
      path,
      verb,
      body: undefined,
      headers: { 'Content-Type': 'application/json' },
    });
    return { statusCode: response.statusCode, result: response.result };
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (typeof status === 'number') return { statusCode: status, result: undefined };
    throw error;
  }
}

/** Provider events of a type the sandbox has sent so far, oldest first. */
export async function sandboxEvents(
  ctx: SandboxTestContext,
  provider: Provider,
  type: string,
): Promise<{ id: string }[]> {
  const base = provider === 'stripe' ? ctx.sandbox.stripe.url : ctx.sandbox.paypal.url;
  const res = await fetch(`${base}/_sandbox/events?type=${encodeURIComponent(type)}`);
  return ((await res.json()) as { data: { id: string }[] }).data;
}

export function resendEvent(ctx: SandboxTestContext, provider: Provider, eventId: string): Promise<unknown> {
  const base = provider === 'stripe' ? ctx.sandbox.stripe.url : ctx.sandbox.paypal.url;
  return sandboxControl(`${base}/_sandbox/events/${eventId}/resend`);
}

/** Stops (null) or restarts webhook delivery of one provider: what the provider does meanwhile reaches us only on a refresh. */
export function setWebhookUrl(ctx: SandboxTestContext, provider: Provider, url: string | null): Promise<unknown> {
  const base = provider === 'stripe' ? ctx.sandbox.stripe.url : ctx.sandbox.paypal.url;
  return sandboxControl(`${base}/_sandbox/webhook`, { url });
}

export function webhookUrl(ctx: SandboxTestContext, provider: Provider): string {
  return `${ctx.baseUrl}/api/payments/webhook/${provider}`;
}

export function waitForMethods(
  ctx: SandboxTestContext,
  token: string,
  done: (methods: MethodView[]) => boolean,
): Promise<MethodView[]> {
  return eventually(async () => {
    const methods = await listMethods(ctx, token);
    return done(methods) ? methods : undefined;
  });
}
