import { createSandboxTestContext, eventually, type SandboxTestContext } from '../support/test-app';
import { courseIds, sandboxControl, sandboxEvents } from '../support/purchase';
import { completedPurchase, disputeRows, waitForDispute } from '../support/post-sale';
import { ADMINS, APP, loadEmail, outboxOf, postStripe, replayStored, type OutboxRow } from './emails-lifecycle-support';

/** The admins' alert of a new dispute: one per dispute, whatever follows it. */
describe('dispute opened emails', () => {
  let ctx: SandboxTestContext;
  let courses: string[];

  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    courses = await courseIds(ctx);
  });
  afterAll(() => ctx.close());

  const alert = (disputeId: string, paymentId: string): OutboxRow => ({
    key: `dispute-opened:${disputeId}`,
    kind: 'dispute_opened',
    userId: null,
    paymentId,
    subscriptionId: null,
    disputeId,
    data: {},
  });

  async function stripeEvent(type: string, objectId: string) {
    const event = (await sandboxEvents(ctx.sandbox.stripe.url)).find(
      (e) => e.type === type && (e.payload.data as { object: { id: string } }).object.id === objectId,
    );
    if (!event) throw new Error(`no ${type} for ${objectId}`);
    return event;
  }

  async function processed(provider: 'stripe' | 'paypal', eventId: string) {
    await eventually(async () => {
      const [row] = await ctx.db.dataSource.query(
        `SELECT status FROM webhook_events WHERE provider = $1 AND event_id = $2`,
        [provider, eventId],
      );
      return row && row.status !== 'received' ? true : undefined;
    });
  }

  it('Stripe: when a chargeback opens, is updated and closed, and its "created" event comes again (a copy, a new id, a replay), then one alert to the admins with the buyer, course and current status', async () => {
    const buyer = await ctx.createUser('student', undefined, 'Мария Disputer');
    const purchase = await completedPurchase(ctx, 'stripe', courses[0], { student: buyer });
    const dispute = (await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/disputes`, {
      payment_intent: purchase.providerPaymentId,
    })) as { id: string; amount: number; currency: string; reason: string };
    const [row] = await waitForDispute(ctx, purchase.checkout.paymentId, 'needs_response');
    await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/disputes/${dispute.id}/under_review`);
    await waitForDispute(ctx, purchase.checkout.paymentId, 'under_review');
    await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/disputes/${dispute.id}/close`, { outcome: 'won' });
    await waitForDispute(ctx, purchase.checkout.paymentId, 'won');

    const created = await stripeEvent('charge.dispute.created', dispute.id);
    await postStripe(ctx, created.payload);
    await postStripe(ctx, created.payload, `${created.id}_again`);
    await processed('stripe', `${created.id}_again`);
    await replayStored(ctx, 'stripe', created.id);

    expect(await disputeRows(ctx, purchase.checkout.paymentId)).toHaveLength(1);
    expect(await outboxOf(ctx, { disputeId: row.id })).toEqual([alert(row.id, purchase.checkout.paymentId)]);

    const [course] = await ctx.db.dataSource.query(`SELECT title FROM courses WHERE id = $1`, [courses[0]]);
    const [stored] = await ctx.db.dataSource.query(
      `SELECT amount::int AS amount, trim(currency) AS currency, reason, opened_at FROM disputes WHERE id = $1`,
      [row.id],
    );
    expect(await loadEmail(ctx, `dispute-opened:${row.id}`)).toEqual({
      status: 'ready',
      to: ADMINS,
      attachments: [],
      facts: {
        kind: 'dispute_opened',
        buyerName: 'Мария Disputer',
        buyerEmail: buyer.email,
        itemTitle: course.title,
        amount: { amount: stored.amount, currency: stored.currency },
        provider: 'stripe',
        providerDisputeId: dispute.id,
        reason: stored.reason,
        status: 'won',
        openedAt: new Date(stored.opened_at),
        paymentUrl: `${APP}/admin/payments/${purchase.checkout.paymentId}`,
      },
    });
    expect(stored.reason).toBe('fraudulent');
  });

  it('Stripe: when an inquiry opens (card 1976), then an alert too, with status inquiry', async () => {
    const purchase = await completedPurchase(ctx, 'stripe', courses[1], { card: '4000000000001976' });
    const [row] = await waitForDispute(ctx, purchase.checkout.paymentId, 'inquiry');
    await eventually(async () => ((await outboxOf(ctx, { disputeId: row.id })).length ? true : undefined));
    expect(await outboxOf(ctx, { disputeId: row.id })).toEqual([alert(row.id, purchase.checkout.paymentId)]);
    expect(await loadEmail(ctx, `dispute-opened:${row.id}`)).toMatchObject({
      status: 'ready',
      facts: { status: 'inquiry' },
    });
  });

  it('PayPal: when a chargeback opens and PayPal reverses the money (dispute and reversal in either order), then one alert; with no admin address it is obsolete', async () => {
    const purchase = await completedPurchase(ctx, 'paypal', courses[2]);
    const dispute = (await sandboxControl(`${ctx.sandbox.paypal.url}/_sandbox/disputes`, {
      capture_id: purchase.providerPaymentId,
    })) as { dispute_id: string };
    // The reversal may come first and make a placeholder row; wait until the dispute has adopted it.
    const [row] = await eventually(async () => {
      const rows = await disputeRows(ctx, purchase.checkout.paymentId);
      return rows[0]?.funds_withdrawn && rows[0].provider_dispute_id === dispute.dispute_id ? rows : undefined;
    });
    expect(await disputeRows(ctx, purchase.checkout.paymentId)).toHaveLength(1);
    expect(await outboxOf(ctx, { disputeId: row.id })).toEqual([alert(row.id, purchase.checkout.paymentId)]);
    expect(await loadEmail(ctx, `dispute-opened:${row.id}`, [])).toEqual({
      status: 'obsolete',
      reason: 'no admin address: MAIL_ADMIN_TO is unset and there is no admin',
    });
  });

  it('PayPal: when the money is reversed without a dispute (a lost dispute row of its own) and the reversal comes twice, then one alert saying so; a dispute that adopts the row later adds none', async () => {
    const purchase = await completedPurchase(ctx, 'paypal', courses[3]);
    const [{ amount, currency }] = await ctx.db.dataSource.query(
      `SELECT amount::int AS amount, trim(currency) AS currency FROM payments WHERE id = $1`,
      [purchase.checkout.paymentId],
    );
    const reversed = {
      kind: 'PaymentReversed' as const,
      provider: 'paypal' as const,
      occurredAt: new Date(),
      ref: { paymentId: purchase.checkout.paymentId, providerPaymentId: purchase.providerPaymentId },
      providerReversalId: purchase.providerPaymentId,
      amount: { amount, currency },
    };
    await ctx.services.settlement.apply([reversed], 'webhook:paypal');
    await ctx.services.settlement.apply([reversed], 'webhook:paypal');
    const [row] = await disputeRows(ctx, purchase.checkout.paymentId);
    expect(row).toMatchObject({ status: 'lost', funds_withdrawn: true });
    expect(await outboxOf(ctx, { disputeId: row.id })).toEqual([alert(row.id, purchase.checkout.paymentId)]);
    expect(await loadEmail(ctx, `dispute-opened:${row.id}`)).toMatchObject({
      status: 'ready',
      facts: { status: 'lost', reason: 'reversal', amount: { amount, currency } },
    });

    await sandboxControl(`${ctx.sandbox.paypal.url}/_sandbox/disputes`, { capture_id: purchase.providerPaymentId });
    await eventually(async () => {
      const rows = await disputeRows(ctx, purchase.checkout.paymentId);
      return rows.length === 1 && !rows[0].provider_dispute_id.startsWith('reversal:') ? true : undefined;
    });
    expect(await outboxOf(ctx, { disputeId: row.id })).toEqual([alert(row.id, purchase.checkout.paymentId)]);
    expect(
      await ctx.db.dataSource.query(`SELECT 1 FROM email_outbox WHERE kind = 'dispute_opened' AND payment_id = $1`, [
        purchase.checkout.paymentId,
      ]),
    ).toHaveLength(1);
  });
});
