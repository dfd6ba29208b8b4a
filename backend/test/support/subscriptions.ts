import { api, eventually, type SandboxTestContext } from './test-app';
import { STRIPE_BILLING_ADDRESS } from './checkout-request';
import { payStripe, sandboxControl } from './purchase';

/** Stripe's test card that asks for authentication on every payment, off-session renewals included. */
export const CARD_3DS_ALWAYS = '4000002760003184';

export type Provider = 'stripe' | 'paypal';

export interface SubscriptionCheckoutBody {
  subscriptionId: string;
  provider: Provider;
  providerSessionId: string;
  checkoutUrl: string;
}

/** The parts of GET /api/subscriptions/:id the tests read. */
export interface SubscriptionBody {
  id: string;
  status: string;
  provider: Provider;
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: string | null;
  nextRenewal: { at: string; amount: { amount: number; currency: string } } | null;
  access: 'full' | 'none';
  graceEndsAt: string | null;
  accessEndsAt: string | null;
  trialEnd: string | null;
  paymentProblem: { code: string; reason: string; actionUrl: string | null; nextAttemptAt: string | null } | null;
  actions: { cancel: boolean; resume: boolean };
  payments: { id: string; status: string; amount: { amount: number; currency: string }; invoice: unknown }[];
}

export interface Subscriber {
  student: { id: string; token: string };
  subscriptionId: string;
  /** Stripe `sub_…` / PayPal `I-…`, once the provider's first event named it. */
  providerSubscriptionId: string;
}

export async function planIds(ctx: SandboxTestContext): Promise<{ monthly: string; yearly: string }> {
  const rows: { id: string; interval: string }[] = await ctx.db.dataSource.query(
    `SELECT id, interval FROM plans WHERE published ORDER BY base_price_amount`,
  );
  return {
    monthly: rows.find((r) => r.interval === 'month')!.id,
    yearly: rows.find((r) => r.interval === 'year')!.id,
  };
}

export function subscribe(
  ctx: SandboxTestContext,
  token: string,
  planId: string,
  body: { provider: Provider; currency?: string },
) {
  return api(ctx.app).post(`/api/subscriptions/checkout/${planId}`).auth(token, { type: 'bearer' }).send(body);
}

export function subscriptionView(ctx: SandboxTestContext, token: string, id: string) {
  return api(ctx.app).get(`/api/subscriptions/${id}`).auth(token, { type: 'bearer' });
}

export function cancelSubscription(ctx: SandboxTestContext, token: string, id: string, atPeriodEnd: boolean) {
  return api(ctx.app).post(`/api/subscriptions/${id}/cancel`).auth(token, { type: 'bearer' }).send({ atPeriodEnd });
}

export function resumeSubscription(ctx: SandboxTestContext, token: string, id: string) {
  return api(ctx.app).post(`/api/subscriptions/${id}/resume`).auth(token, { type: 'bearer' }).send({});
}

export function enroll(ctx: SandboxTestContext, token: string, courseId: string) {
  return api(ctx.app).post(`/api/enrollments/${courseId}`).auth(token, { type: 'bearer' }).send();
}

/** Polls the API until the subscription matches `check`. */
export function waitForSubscription(
  ctx: SandboxTestContext,
  token: string,
  id: string,
  check: (s: SubscriptionBody) => boolean,
  timeoutMs = 15000,
): Promise<SubscriptionBody> {
  return eventually(async () => {
    const res = await subscriptionView(ctx, token, id);
    const body = res.body as SubscriptionBody;
    return res.status === 200 && check(body) ? body : undefined;
  }, timeoutMs);
}

export async function providerSubscriptionId(ctx: SandboxTestContext, id: string): Promise<string> {
  return eventually(async () => {
    const rows: { provider_subscription_id: string | null }[] = await ctx.db.dataSource.query(
      `SELECT provider_subscription_id FROM subscriptions WHERE id = $1`,
      [id],
    );
    return rows[0]?.provider_subscription_id ?? undefined;
  });
}

/** Pays (Stripe: card on the hosted page) or approves (PayPal) a subscription checkout. */
export async function completeCheckout(
  ctx: SandboxTestContext,
  checkout: SubscriptionCheckoutBody,
  card = '4242424242424242',
): Promise<void> {
  if (checkout.provider === 'stripe' && card === CARD_3DS_ALWAYS) {
    // This card asks for 3-D Secure on the hosted page too: the student completes it.
    await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/checkout/sessions/${checkout.providerSessionId}/pay`, {
      card,
      address: STRIPE_BILLING_ADDRESS,
      authenticate: 'complete',
    });
  } else if (checkout.provider === 'stripe') await payStripe(ctx, checkout.providerSessionId, card);
  else await sandboxControl(`${ctx.sandbox.paypal.url}/_sandbox/subscriptions/${checkout.providerSessionId}/approve`);
}

/** A new student with a live subscription to `planId` (active, or trialing for a plan with a trial). */
export async function subscribed(
  ctx: SandboxTestContext,
  provider: Provider,
  planId: string,
  options: { currency?: string; card?: string; student?: { id: string; token: string } } = {},
): Promise<Subscriber> {
  const student = options.student ?? (await ctx.createUser());
  const res = await subscribe(ctx, student.token, planId, { provider, currency: options.currency });
  if (res.status !== 201) throw new Error(`subscription checkout failed: ${res.status} ${JSON.stringify(res.body)}`);
  const checkout = res.body as SubscriptionCheckoutBody;
  await completeCheckout(ctx, checkout, options.card);
  await waitForSubscription(ctx, student.token, checkout.subscriptionId, (s) =>
    ['active', 'trialing'].includes(s.status),
  );
  return {
    student,
    subscriptionId: checkout.subscriptionId,
    providerSubscriptionId: await providerSubscriptionId(ctx, checkout.subscriptionId),
  };
}

/** The sandbox's test clock: the subscription moves to its next boundary (renewal, trial end, retry, end). */
export function advance(ctx: SandboxTestContext, provider: Provider, providerSubscriptionId: string): Promise<unknown> {
  const base = provider === 'stripe' ? ctx.sandbox.stripe.url : ctx.sandbox.paypal.url;
  return sandboxControl(`${base}/_sandbox/subscriptions/${providerSubscriptionId}/advance`);
}

/** The next charge of this subscription fails at the provider. */
export function failNextPayment(
  ctx: SandboxTestContext,
  provider: Provider,
  providerSubscriptionId: string,
  body: Record<string, unknown> = {},
): Promise<unknown> {
  const base = provider === 'stripe' ? ctx.sandbox.stripe.url : ctx.sandbox.paypal.url;
  return sandboxControl(`${base}/_sandbox/subscriptions/${providerSubscriptionId}/fail_next_payment`, body);
}

export async function planEnrollments(ctx: SandboxTestContext, subscriptionId: string): Promise<string[]> {
  const rows: { status: string }[] = await ctx.db.dataSource.query(
    `SELECT status FROM enrollments WHERE subscription_id = $1 ORDER BY created_at`,
    [subscriptionId],
  );
  return rows.map((r) => r.status);
}

/** Waits until every enrollment the subscription made has `status`. */
export function waitForPlanEnrollments(
  ctx: SandboxTestContext,
  subscriptionId: string,
  status: string,
  count: number,
): Promise<true> {
  return eventually(async () => {
    const statuses = await planEnrollments(ctx, subscriptionId);
    return statuses.length === count && statuses.every((s) => s === status) ? true : undefined;
  });
}
