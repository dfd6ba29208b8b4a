import type { RefundUpdated } from '../../src/domain/events/domain-event';
import { createLogger } from '../../src/logger';
import { createServices } from '../../src/services/container';
import type { EventHandler } from '../../src/services/webhooks/event-handler-registry';
import { courseIds, payStripe, sandboxControl, startCheckout, waitForStatus } from '../support/purchase';
import { api, createSandboxTestContext, eventually, type SandboxTestContext } from '../support/test-app';

describe('events without a handler yet', () => {
  let ctx: SandboxTestContext;
  let courses: string[];

  beforeAll(async () => {
    // As the first release was: no refund or dispute handlers.
    ctx = await createSandboxTestContext({
      handlerOverrides: { RefundUpdated: null, RefundsChanged: null, DisputeUpdated: null, PaymentReversed: null },
    });
    courses = await courseIds(ctx);
  });
  afterAll(async () => ctx.close());

  async function inbox(types: string[]): Promise<{ id: string; type: string; status: string }[]> {
    return ctx.db.dataSource.query(
      `SELECT id, type, status FROM webhook_events WHERE type = ANY($1) ORDER BY received_at, type`,
      [types],
    );
  }

  it('when a refund and a dispute arrive before their handlers exist, then they are stored unhandled and a later release applies the refund once', async () => {
    const student = await ctx.createUser();
    const checkout = await startCheckout(ctx, student.token, courses[0], 'stripe');
    await payStripe(ctx, checkout.providerSessionId);
    await waitForStatus(ctx, checkout.paymentId, 'completed');
    const [{ provider_payment_id: intent, currency }] = await ctx.db.dataSource.query(
      `SELECT provider_payment_id, currency FROM payments WHERE id = $1`,
      [checkout.paymentId],
    );

    // A partial refund (Stripe does not dispute a fully refunded charge), then a chargeback.
    await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/refunds`, { payment_intent: intent, amount: 100 });
    await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/disputes`, { payment_intent: intent });
    const postSale = ['refund.created', 'charge.refunded', 'charge.dispute.created', 'charge.dispute.funds_withdrawn'];
    const stored = await eventually(async () => {
      const rows = await inbox(postSale);
      return rows.length === 4 && rows.every((r) => r.status === 'unhandled') ? rows : undefined;
    });
    // Nothing acted on them: the sale stands as it was.
    const view = await api(ctx.app).get(`/api/payments/${checkout.paymentId}`).auth(student.token, { type: 'bearer' });
    expect(view.body.status).toBe('completed');

    // A later release adds a refund handler (a stub here; charge.refunded's refunds are fetched
    // before it runs); disputes still have none.
    const seen: RefundUpdated[] = [];
    const refundHandler: EventHandler<RefundUpdated> = async (event) => {
      seen.push(event);
      return 'applied';
    };
    const later = createServices({
      dataSource: ctx.db.dataSource,
      config: ctx.config,
      logger: createLogger('silent'),
      providers: ctx.providers,
      handlerOverrides: { RefundUpdated: refundHandler, DisputeUpdated: null, PaymentReversed: null },
    });
    const released = await later.webhooks.releaseUnhandled();
    const refundRows = stored.filter((r) => !r.type.startsWith('charge.dispute.')).map((r) => r.id);
    expect(released.sort()).toEqual(refundRows.sort());
    for (const id of released) expect(await later.webhooks.process(id)).toBe('processed');

    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const event of seen) {
      expect(event.ref.providerPaymentId).toBe(intent);
      expect(event.amount).toEqual({ amount: 100, currency });
      expect(event.providerRefundId).toMatch(/^re_/);
    }
    expect((await inbox(postSale)).map((r) => [r.type, r.status]).sort()).toEqual(
      [
        ['charge.dispute.created', 'unhandled'],
        ['charge.dispute.funds_withdrawn', 'unhandled'],
        ['charge.refunded', 'processed'],
        ['refund.created', 'processed'],
      ].sort(),
    );

    // Replaying again does nothing: each event is applied once.
    const handledBefore = seen.length;
    expect(await later.webhooks.releaseUnhandled()).toEqual([]);
    for (const id of released) expect(await later.webhooks.process(id)).toBe('skipped');
    expect(seen.length).toBe(handledBefore);
  });
});
