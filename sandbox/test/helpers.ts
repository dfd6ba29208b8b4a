import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import paypal from '@paypal/checkout-server-sdk';
import { Sandbox, SandboxOptions, startSandbox } from '../src';

export const FIXTURES = path.join(__dirname, 'fixtures');

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as T;
}

/** Sandbox on random ports with fast retries, so tests can run in parallel with anything. */
export function startTestSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ stripePort: 0, paypalPort: 0, deliveryRetryBaseMs: 20, deliveryTimeoutMs: 2000, ...opts });
}

export function stripeClient(sandbox: Sandbox, key = 'sk_test_x'): Stripe {
  return new Stripe(key, { host: '127.0.0.1', port: sandbox.stripe.port, protocol: 'http', maxNetworkRetries: 0 });
}

export function paypalClient(sandbox: Sandbox, clientId = `client-${Math.random()}`): paypal.core.PayPalHttpClient {
  const base = `http://127.0.0.1:${sandbox.paypal.port}`;
  return new paypal.core.PayPalHttpClient(new paypal.core.PayPalEnvironment(clientId, 'secret', base, base));
}

/** A custom request for the PayPal SDK client (billing and webhook APIs have no SDK classes). */
export function ppRequest(
  verb: string,
  requestPath: string,
  body?: unknown,
  headers: Record<string, string> = {},
): paypal.HttpRequest {
  return { verb, path: requestPath, body: body ?? null, headers: { 'Content-Type': 'application/json', ...headers } };
}

export interface Received {
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  at: number;
}

/** Local webhook endpoint: records raw bodies and headers; answers with `status()` (200 by default). */
export class Receiver {
  readonly received: Received[] = [];
  status: (n: number) => number = () => 200;
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.received.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      res.statusCode = this.status(this.received.length);
      res.end('ok');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  events<T = { id: string; type?: string; event_type?: string }>(): T[] {
    return this.received.map((r) => JSON.parse(r.rawBody) as T);
  }

  types(): string[] {
    return this.events().map((e) => e.type ?? e.event_type ?? '?');
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

export async function waitFor(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * Same top-level fields as the fixture, with the same JSON types wherever both sides are not null
 * (null is how Stripe and PayPal write "not set", so a null on either side is not a mismatch).
 */
export function expectSameShape(
  actual: unknown,
  expected: Record<string, unknown>,
  opts: { ignore?: string[] } = {},
): void {
  const a = actual as Record<string, unknown>;
  const problems: string[] = [];
  for (const [key, value] of Object.entries(expected)) {
    if (opts.ignore?.includes(key)) continue;
    if (!(key in a)) {
      problems.push(`missing ${key}`);
      continue;
    }
    const ka = kind(a[key]);
    const ke = kind(value);
    if (ka !== 'null' && ke !== 'null' && ka !== ke) problems.push(`${key}: ${ka} instead of ${ke}`);
  }
  expect(problems).toEqual([]);
}

/** POST JSON to a `/_sandbox` control. */
export async function control<T = Record<string, unknown>>(
  baseUrl: string,
  route: string,
  body: unknown = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl.replace('localhost', '127.0.0.1')}/_sandbox${route}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Connection: 'close' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/**
 * A Checkout Session paid on the sandbox with `card`, as the hosted page would; returns its
 * PaymentIntent (carrying `paymentId` in metadata, as the product's checkouts do).
 */
export async function paidIntent(
  sandbox: Sandbox,
  stripe: Stripe,
  options: { card?: string; amount?: number; paymentId?: string } = {},
): Promise<Stripe.PaymentIntent> {
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [
      {
        price_data: { currency: 'usd', unit_amount: options.amount ?? 5000, product_data: { name: 'Course' } },
        quantity: 1,
      },
    ],
    payment_intent_data: { metadata: { payment_id: options.paymentId ?? 'pay_test' } },
  });
  const paid = await control<{ outcome: string }>(sandbox.stripe.url, `/checkout/sessions/${session.id}/pay`, {
    card: options.card ?? '4242424242424242',
  });
  expect(paid.body.outcome).toBe('succeeded');
  const s = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
  return s.payment_intent as Stripe.PaymentIntent;
}
