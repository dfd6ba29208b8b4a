import type { EmailKind } from '../../src/domain/emails/email-kind';
import { DataStore } from '../../src/repositories/data-store';
import type { OutboxEmail } from '../../src/repositories/email-outbox.repository';
import { FACTS_LOADERS } from '../../src/services/emails/facts';
import type { LoadedEmail, LoaderContext } from '../../src/services/emails/facts/facts-loader';
import { api, eventually, type TestContext, type SandboxTestContext } from '../support/test-app';
import { stripeSignature } from '../support/purchase';

/** An outbox row as the lifecycle tests compare it. */
export interface OutboxRow {
  key: string;
  kind: EmailKind;
  userId: string | null;
  paymentId: string | null;
  subscriptionId: string | null;
  disputeId: string | null;
  data: Record<string, unknown>;
}

export const APP = 'https://app.test.example';
export const ADMINS = ['ops@test.example'];

const COLUMNS = `idempotency_key AS key, kind, user_id AS "userId", payment_id AS "paymentId",
  subscription_id AS "subscriptionId", dispute_id AS "disputeId", data`;

/**
 * The lifecycle emails about a subscription (or a dispute), oldest first. Receipts and refund
 * confirmations are another cause's (a duplicate plan's refund writes one).
 */
export async function outboxOf(ctx: TestContext, about: { subscriptionId?: string; disputeId?: string }) {
  const rows: OutboxRow[] = await ctx.db.dataSource.query(
    `SELECT ${COLUMNS} FROM email_outbox
      WHERE kind NOT IN ('purchase_receipt', 'refund_confirmation')
        AND (($1::uuid IS NOT NULL AND subscription_id = $1::uuid) OR ($2::uuid IS NOT NULL AND dispute_id = $2::uuid))
      ORDER BY created_at, id`,
    [about.subscriptionId ?? null, about.disputeId ?? null],
  );
  return rows;
}

export async function outboxOfKind(ctx: TestContext, kind: EmailKind): Promise<OutboxRow[]> {
  return ctx.db.dataSource.query(`SELECT ${COLUMNS} FROM email_outbox WHERE kind = $1 ORDER BY created_at, id`, [kind]);
}

/** Waits until the subscription's outbox rows satisfy `check`. */
export function waitForOutbox(
  ctx: TestContext,
  about: { subscriptionId?: string; disputeId?: string },
  check: (rows: OutboxRow[]) => boolean,
): Promise<OutboxRow[]> {
  return eventually(async () => {
    const rows = await outboxOf(ctx, about);
    return check(rows) ? rows : undefined;
  });
}

/** What a loader is given at send time, with fixed links and admin addresses. */
export function loaderContext(ctx: TestContext, adminRecipients: string[] = ADMINS): LoaderContext {
  return {
    repos: new DataStore(ctx.db.dataSource).repos,
    links: { link: (path) => `${APP}${path}` },
    adminRecipients: async () => adminRecipients,
  };
}

/** Reads the outbox row of `key` as the sender does and runs its kind's loader. */
export async function loadEmail(ctx: TestContext, key: string, adminRecipients?: string[]): Promise<LoadedEmail> {
  const rows: { id: string }[] = await ctx.db.dataSource.query(
    `SELECT id FROM email_outbox WHERE idempotency_key = $1`,
    [key],
  );
  const email: OutboxEmail | undefined =
    rows[0] && (await new DataStore(ctx.db.dataSource).repos.emails.find(rows[0].id));
  if (!email) throw new Error(`no outbox row ${key}`);
  return FACTS_LOADERS[email.kind](email, loaderContext(ctx, adminRecipients));
}

/** Posts a Stripe event ourselves, signed (`id` replaces the event's id: the same fact under a new id). */
export async function postStripe(ctx: SandboxTestContext, payload: Record<string, unknown>, id?: string) {
  const body = JSON.stringify(id ? { ...payload, id } : payload);
  const res = await api(ctx.app)
    .post('/api/payments/webhook/stripe')
    .set('Content-Type', 'application/json')
    .set('Stripe-Signature', stripeSignature(body, ctx.sandbox.stripe.webhookSecret))
    .send(body);
  if (res.status !== 200) throw new Error(`Stripe webhook answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res;
}

/** Sets a stored event back for processing and processes it again (what an admin's replay does). */
export async function replayStored(ctx: TestContext, provider: 'stripe' | 'paypal', eventId: string): Promise<void> {
  const [row] = await ctx.db.dataSource.query(`SELECT id FROM webhook_events WHERE provider = $1 AND event_id = $2`, [
    provider,
    eventId,
  ]);
  if (!row) throw new Error(`no stored ${provider} event ${eventId}`);
  await ctx.services.webhooks.markForReplay(row.id);
  await ctx.services.webhooks.process(row.id);
}

/**
 * Every Stripe event since `seen` about one of `ids` (a subscription's, its invoices'), delivered
 * again: `copies` times as it was, once under a new event id, and once replayed from the inbox.
 */
export async function redeliverStripe(
  ctx: SandboxTestContext,
  events: { id: string; type: string; payload: Record<string, unknown> }[],
  copies = 3,
): Promise<void> {
  for (const event of events) {
    await Promise.all(Array.from({ length: copies }, () => postStripe(ctx, event.payload)));
    await postStripe(ctx, event.payload, `${event.id}_again`);
    await eventually(async () => {
      const [row] = await ctx.db.dataSource.query(
        `SELECT status FROM webhook_events WHERE provider = 'stripe' AND event_id = $1`,
        [event.id],
      );
      return row && row.status !== 'received' ? true : undefined;
    });
    await replayStored(ctx, 'stripe', event.id);
  }
}
