import { api, eventually, type SandboxTestContext } from './test-app';
import { approvePayPal, payStripe, startCheckout, waitForStatus, type CheckoutBody } from './purchase';

export interface Purchase {
  student: { id: string; token: string };
  checkout: CheckoutBody;
  courseId: string;
  /** Stripe PaymentIntent id or PayPal capture id. */
  providerPaymentId: string;
}

/** A student (a new one unless given) who bought `courseId` with `provider`, completed and enrolled. */
export async function completedPurchase(
  ctx: SandboxTestContext,
  provider: 'stripe' | 'paypal',
  courseId: string,
  options: { currency?: string; card?: string; student?: { id: string; token: string } } = {},
): Promise<Purchase> {
  const student = options.student ?? (await ctx.createUser());
  const checkout = await startCheckout(ctx, student.token, courseId, provider, options.currency);
  if (provider === 'stripe') await payStripe(ctx, checkout.providerSessionId, options.card);
  else await approvePayPal(ctx, checkout.providerSessionId);
  await waitForStatus(ctx, checkout.paymentId, 'completed');
  const [row] = await ctx.db.dataSource.query(`SELECT provider_payment_id FROM payments WHERE id = $1`, [
    checkout.paymentId,
  ]);
  await waitForAccess(ctx, checkout.paymentId, 'active');
  return { student, checkout, courseId, providerPaymentId: row.provider_payment_id };
}

export function adminRefund(
  ctx: SandboxTestContext,
  adminToken: string,
  paymentId: string,
  body: Record<string, unknown> = {},
  idempotencyKey?: string,
) {
  const req = api(ctx.app).post(`/api/payments/refund/${paymentId}`).auth(adminToken, { type: 'bearer' });
  return (idempotencyKey ? req.set('Idempotency-Key', idempotencyKey) : req).send(body);
}

export function paymentView(ctx: SandboxTestContext, token: string, paymentId: string) {
  return api(ctx.app).get(`/api/payments/${paymentId}`).auth(token, { type: 'bearer' });
}

/** The status of the enrollment a payment granted, or undefined when it granted none. */
export async function accessOf(ctx: SandboxTestContext, paymentId: string): Promise<string | undefined> {
  const rows: { status: string }[] = await ctx.db.dataSource.query(
    `SELECT status FROM enrollments WHERE payment_id = $1`,
    [paymentId],
  );
  return rows[0]?.status;
}

export function waitForAccess(ctx: SandboxTestContext, paymentId: string, status: string): Promise<true> {
  return eventually(async () => ((await accessOf(ctx, paymentId)) === status ? true : undefined));
}

export interface RefundRow {
  id: string;
  status: string;
  origin: string;
  amount: string;
  provider_refund_id: string | null;
  failure_reason: string | null;
}

export async function refundRows(ctx: SandboxTestContext, paymentId: string): Promise<RefundRow[]> {
  return ctx.db.dataSource.query(
    `SELECT id, status, origin, amount, provider_refund_id, failure_reason FROM refunds
      WHERE payment_id = $1 ORDER BY created_at, id`,
    [paymentId],
  );
}

/** Waits until the payment's refunds satisfy `check`. */
export function waitForRefunds(
  ctx: SandboxTestContext,
  paymentId: string,
  check: (rows: RefundRow[]) => boolean,
  timeoutMs = 15000,
): Promise<RefundRow[]> {
  return eventually(async () => {
    const rows = await refundRows(ctx, paymentId);
    return check(rows) ? rows : undefined;
  }, timeoutMs);
}

export async function disputeRows(
  ctx: SandboxTestContext,
  paymentId: string,
): Promise<{ id: string; status: string; provider_dispute_id: string; funds_withdrawn: boolean }[]> {
  return ctx.db.dataSource.query(
    `SELECT id, status, provider_dispute_id, funds_withdrawn FROM disputes WHERE payment_id = $1 ORDER BY opened_at`,
    [paymentId],
  );
}

export function waitForDispute(ctx: SandboxTestContext, paymentId: string, status: string, timeoutMs = 15000) {
  return eventually(async () => {
    const rows = await disputeRows(ctx, paymentId);
    return rows.some((d) => d.status === status) ? rows : undefined;
  }, timeoutMs);
}
