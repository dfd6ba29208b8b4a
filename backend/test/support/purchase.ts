import Stripe from 'stripe';
import type { SandboxTestContext } from './test-app';
import { api, eventually } from './test-app';
import { STRIPE_BILLING_ADDRESS } from './checkout-request';

export interface CheckoutBody {
  paymentId: string;
  provider: 'stripe' | 'paypal';
  providerSessionId: string;
  checkoutUrl: string;
}

export async function courseIds(ctx: SandboxTestContext): Promise<string[]> {
  const rows: { id: string }[] = await ctx.db.dataSource.query(`SELECT id FROM courses ORDER BY slug`);
  return rows.map((r) => r.id);
}

export async function startCheckout(
  ctx: SandboxTestContext,
  token: string,
  courseId: string,
  provider: 'stripe' | 'paypal',
  currency?: string,
): Promise<CheckoutBody> {
  const res = await api(ctx.app)
    .post(`/api/payments/checkout/${courseId}`)
    .auth(token, { type: 'bearer' })
    .send(currency ? { provider, currency } : { provider });
  if (res.status !== 201) throw new Error(`checkout failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CheckoutBody;
}

export async function sandboxControl(url: string, body: unknown = {}): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`sandbox control ${url} failed: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Pays a Stripe Checkout Session on the sandbox, as the hosted page would (with a billing address). */
export function payStripe(ctx: SandboxTestContext, sessionId: string, card = '4242424242424242'): Promise<unknown> {
  return sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/checkout/sessions/${sessionId}/pay`, {
    card,
    address: STRIPE_BILLING_ADDRESS,
  });
}

/** Approves a PayPal order on the sandbox, as the buyer on the approval page would. */
export function approvePayPal(
  ctx: SandboxTestContext,
  orderId: string,
  body: Record<string, unknown> = {},
): Promise<unknown> {
  return sandboxControl(`${ctx.sandbox.paypal.url}/_sandbox/orders/${orderId}/approve`, body);
}

export interface PaymentRowView {
  status: string;
  failure_code: string | null;
  failure_reason: string | null;
  amount: string;
  currency: string;
  version: number;
}

export async function paymentRow(ctx: SandboxTestContext, id: string): Promise<PaymentRowView> {
  const rows: PaymentRowView[] = await ctx.db.dataSource.query(
    `SELECT status, failure_code, failure_reason, amount, currency, version FROM payments WHERE id = $1`,
    [id],
  );
  return rows[0];
}

export function waitForStatus(
  ctx: SandboxTestContext,
  id: string,
  status: string,
  timeoutMs = 15000,
): Promise<PaymentRowView> {
  return eventually(async () => {
    const row = await paymentRow(ctx, id);
    return row.status === status ? row : undefined;
  }, timeoutMs);
}

export async function enrollmentCount(ctx: SandboxTestContext, userId: string, courseId?: string): Promise<number> {
  const rows: { n: number }[] = await ctx.db.dataSource.query(
    `SELECT count(*)::int AS n FROM enrollments WHERE user_id = $1 AND ($2::uuid IS NULL OR course_id = $2)`,
    [userId, courseId ?? null],
  );
  return rows[0].n;
}

/** Waits until the student holds exactly one enrollment (for that course, when given). */
export function waitForEnrollment(ctx: SandboxTestContext, userId: string, courseId?: string): Promise<true> {
  return eventually(async () => ((await enrollmentCount(ctx, userId, courseId)) === 1 ? true : undefined));
}

export async function auditCount(ctx: SandboxTestContext, paymentId: string, action: string): Promise<number> {
  const rows: { n: number }[] = await ctx.db.dataSource.query(
    `SELECT count(*)::int AS n FROM audit_logs WHERE entity_id = $1 AND action = $2`,
    [paymentId, action],
  );
  return rows[0].n;
}

/** Events the sandbox produced, newest last. */
export async function sandboxEvents(
  baseUrl: string,
): Promise<{ id: string; type: string; payload: Record<string, unknown> }[]> {
  const res = await fetch(`${baseUrl}/_sandbox/events`);
  const body = (await res.json()) as { data?: unknown[]; events?: unknown[] } | unknown[];
  const list = Array.isArray(body) ? body : (body.data ?? body.events ?? []);
  return (list as Record<string, unknown>[]).map((e) => {
    const payload = (e.payload ?? e.event ?? e) as Record<string, unknown>;
    return { id: String(payload.id ?? e.id), type: String(payload.type ?? payload.event_type ?? e.type), payload };
  });
}

/** Signs a Stripe event body exactly as Stripe does, so tests can deliver it themselves. */
export function stripeSignature(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp });
}

/** Makes the sandbox deliver to a closed port: webhooks are "lost". */
export function loseWebhooks(ctx: SandboxTestContext): void {
  ctx.sandbox.setWebhookUrls({ stripe: 'http://127.0.0.1:9/lost', paypal: 'http://127.0.0.1:9/lost' });
}

export function restoreWebhooks(ctx: SandboxTestContext): void {
  ctx.sandbox.setWebhookUrls({
    stripe: `${ctx.baseUrl}/api/payments/webhook/stripe`,
    paypal: `${ctx.baseUrl}/api/payments/webhook/paypal`,
  });
}

/** The `checkout.session.completed` event the sandbox produced for a session. */
export async function completedEventFor(
  ctx: SandboxTestContext,
  sessionId: string,
): Promise<{ id: string; type: string; payload: Record<string, unknown> }> {
  const event = (await sandboxEvents(ctx.sandbox.stripe.url)).find(
    (e) =>
      e.type === 'checkout.session.completed' && (e.payload.data as { object: { id: string } }).object.id === sessionId,
  );
  if (!event) throw new Error(`the sandbox produced no checkout.session.completed for ${sessionId}`);
  return event;
}
