import type { PaymentSucceeded } from '../../src/domain/events/domain-event';
import { createLogger } from '../../src/logger';
import { paymentEventHandlers } from '../../src/services/payments/payment-event-handlers';
import type { EventHandler } from '../../src/services/webhooks/event-handler-registry';
import { storeUnprocessed } from '../support/inbox';
import { waitForDocuments } from '../support/invoices';
import { readAllPages } from '../support/pages';
import { accessOf, refundRows } from '../support/post-sale';
import {
  completedEventFor,
  courseIds,
  loseWebhooks,
  paymentRow,
  payStripe,
  startCheckout,
  stripeSignature,
} from '../support/purchase';
import { api, createSandboxTestContext, type SandboxTestContext } from '../support/test-app';

interface AdminWebhookEventBody {
  id: string;
  provider: string;
  eventId: string;
  type: string;
  status: string;
  attempts: number;
  lastError: string | null;
  receivedAt: string;
  processedAt: string | null;
  providerCreatedAt: string | null;
  subjects: string[];
  payload: Record<string, unknown>;
}

describe('admin webhook inbox', () => {
  let ctx: SandboxTestContext;
  let courses: string[];
  let admin: { id: string; token: string };
  let student: { id: string; token: string };
  /** While set, the success handler fails as a bug would; "fixing" it clears the flag. */
  let successHandlerBroken = false;

  beforeAll(async () => {
    const real = paymentEventHandlers(createLogger('silent'));
    const flaky: EventHandler<PaymentSucceeded> = async (event, context) => {
      if (successHandlerBroken) throw new Error('success handler bug: cannot settle');
      return real.PaymentSucceeded(event, context);
    };
    ctx = await createSandboxTestContext({ handlerOverrides: { PaymentSucceeded: flaky } });
    courses = await courseIds(ctx);
    admin = await ctx.createUser('admin');
    student = await ctx.createUser();
    // The tests deliver the events themselves.
    loseWebhooks(ctx);
  });
  afterAll(() => ctx.close());

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const replay = (id: string, token = admin.token) =>
    api(ctx.app).post(`/api/admin/webhook-events/${id}/replay`).set(auth(token));

  /** A paid Stripe checkout whose completion event is stored in the inbox, not processed yet. */
  async function storedCompletion(courseIndex: number) {
    const buyer = await ctx.createUser();
    const checkout = await startCheckout(ctx, buyer.token, courses[courseIndex], 'stripe');
    await payStripe(ctx, checkout.providerSessionId);
    const event = await completedEventFor(ctx, checkout.providerSessionId);
    const body = JSON.stringify(event.payload);
    const stored = await storeUnprocessed(ctx, 'stripe', Buffer.from(body), {
      'stripe-signature': stripeSignature(body, ctx.sandbox.stripe.webhookSecret),
    });
    return { buyer, checkout, rowId: stored.rowId!, eventId: event.id };
  }

  async function replayAudits(rowId: string) {
    return ctx.db.dataSource.query(
      `SELECT actor, actor_user_id, data FROM audit_logs WHERE action = 'webhook_event.replayed' AND entity_id = $1
        ORDER BY id`,
      [rowId],
    );
  }

  /** What the sale left behind: what a replay must never change or duplicate. */
  async function saleFacts(paymentId: string, userId: string) {
    const [{ invoices }] = await ctx.db.dataSource.query(
      `SELECT count(*)::int AS invoices FROM invoices WHERE payment_id = $1`,
      [paymentId],
    );
    const [{ enrollments }] = await ctx.db.dataSource.query(
      `SELECT count(*)::int AS enrollments FROM enrollments WHERE user_id = $1`,
      [userId],
    );
    const [{ completions }] = await ctx.db.dataSource.query(
      `SELECT count(*)::int AS completions FROM audit_logs WHERE entity_id = $1 AND action = 'payment.completed'`,
      [paymentId],
    );
    return {
      status: (await paymentRow(ctx, paymentId)).status,
      access: await accessOf(ctx, paymentId),
      refunds: (await refundRows(ctx, paymentId)).length,
      invoices,
      enrollments,
      completions,
    };
  }

  it('when an event failed until the handler was fixed, then an admin sees it failed, replays it, and the sale completes', async () => {
    const { buyer, checkout, rowId, eventId } = await storedCompletion(0);
    successHandlerBroken = true;
    for (let attempt = 0; attempt < 8; attempt += 1) {
      await expect(ctx.services.webhooks.process(rowId)).rejects.toThrow(/success handler bug/);
    }
    const failed = await api(ctx.app).get('/api/admin/webhook-events?status=failed').set(auth(admin.token));
    expect(failed.status).toBe(200);
    const listed = failed.body.items.find((e: AdminWebhookEventBody) => e.id === rowId);
    expect(listed).toEqual({
      id: rowId,
      provider: 'stripe',
      eventId,
      type: 'checkout.session.completed',
      status: 'failed',
      attempts: 8,
      lastError: expect.stringMatching(/success handler bug/),
      receivedAt: expect.any(String),
      processedAt: null,
      providerCreatedAt: expect.any(String),
      subjects: expect.any(Array),
      payload: expect.objectContaining({ id: eventId, type: 'checkout.session.completed' }),
    });

    // Replayed while still broken: 200, the outcome says failed and carries the error.
    const stillBroken = await replay(rowId);
    expect(stillBroken.status).toBe(200);
    expect(stillBroken.body.outcome).toBe('failed');
    expect(stillBroken.body.event).toMatchObject({ status: 'failed', attempts: 9 });
    expect(stillBroken.body.event.lastError).toMatch(/success handler bug/);
    expect((await paymentRow(ctx, checkout.paymentId)).status).toBe('pending');

    successHandlerBroken = false;
    const fixed = await replay(rowId);
    expect(fixed.status).toBe(200);
    expect(fixed.body.outcome).toBe('processed');
    expect(fixed.body.event).toMatchObject({ id: rowId, status: 'processed', lastError: null, attempts: 10 });
    expect(fixed.body.event.processedAt).toEqual(expect.any(String));
    expect((await paymentRow(ctx, checkout.paymentId)).status).toBe('completed');
    expect(await accessOf(ctx, checkout.paymentId)).toBe('active');
    const documents = await waitForDocuments(ctx, buyer.token, checkout.paymentId);
    expect(documents.invoice.number).toMatch(/^INV-/);

    const audits = await replayAudits(rowId);
    expect(audits).toHaveLength(2);
    for (const entry of audits) expect(entry).toMatchObject({ actor: 'admin', actor_user_id: admin.id });
    expect(audits.map((a: { data: { outcome: string } }) => a.data.outcome)).toEqual(['failed', 'processed']);
    expect(audits[1].data).toMatchObject({ eventId, type: 'checkout.session.completed', from: 'failed' });

    // Replaying a processed event changes nothing but the audit log.
    const before = await saleFacts(checkout.paymentId, buyer.id);
    expect(before).toMatchObject({ status: 'completed', access: 'active', refunds: 0, invoices: 1, enrollments: 1 });
    const again = await replay(rowId);
    expect([again.status, again.body.outcome, again.body.event.status]).toEqual([200, 'processed', 'processed']);
    expect(await saleFacts(checkout.paymentId, buyer.id)).toEqual(before);
    expect(await replayAudits(rowId)).toHaveLength(3);
  });

  it('when two admins replay one event at once, then it is applied once and both see it processed', async () => {
    const { buyer, checkout, rowId } = await storedCompletion(1);
    const answers = await Promise.all([replay(rowId), replay(rowId)]);
    expect(answers.map((a) => [a.status, a.body.outcome])).toEqual([
      [200, 'processed'],
      [200, 'processed'],
    ]);
    expect(await saleFacts(checkout.paymentId, buyer.id)).toMatchObject({
      status: 'completed',
      access: 'active',
      invoices: 1,
      enrollments: 1,
      completions: 1,
    });
    expect(await replayAudits(rowId)).toHaveLength(2);

    // Set back once and processed twice at the same time: the claim locks the row, so one
    // processes and the other finds it done.
    expect(await ctx.services.webhooks.markForReplay(rowId)).toBe(true);
    const outcomes = await Promise.all([ctx.services.webhooks.process(rowId), ctx.services.webhooks.process(rowId)]);
    expect(outcomes.sort()).toEqual(['processed', 'skipped']);
    expect((await saleFacts(checkout.paymentId, buyer.id)).completions).toBe(1);
  });

  describe('filters and pages', () => {
    /** Six events received in January 2020 (two at the same instant), apart from whatever the other tests stored. */
    const fixtures = [
      ['stripe', 'evt_f1', 'charge.refunded', 'processed', '2020-01-01T10:00:00Z'],
      ['stripe', 'evt_f2', 'charge.dispute.created', 'failed', '2020-01-02T10:00:00Z'],
      ['stripe', 'evt_f3', 'checkout.session.completed', 'processed', '2020-01-03T10:00:00Z'],
      ['paypal', 'WH-F4', 'PAYMENT.CAPTURE.COMPLETED', 'processed', '2020-01-03T10:00:00Z'],
      ['paypal', 'WH-F5', 'CUSTOMER.DISPUTE.CREATED', 'unhandled', '2020-01-04T23:59:59.999Z'],
      ['stripe', 'evt_f6', 'chargeXrefunded', 'ignored', '2020-01-05T00:00:00Z'],
    ] as const;
    const ids = new Map<string, string>();

    beforeAll(async () => {
      for (const [provider, eventId, type, status, receivedAt] of fixtures) {
        const [row] = await ctx.db.dataSource.query(
          `INSERT INTO webhook_events (provider, event_id, type, payload, status, received_at, attempts, subjects)
           VALUES ($1, $2, $3, $4, $5, $6, 1, $7) RETURNING id`,
          [provider, eventId, type, { id: eventId, type }, status, receivedAt, [`subject-of-${eventId}`]],
        );
        ids.set(eventId, row.id);
      }
    });

    const JANUARY = { from: '2020-01-01', to: '2020-01-31' };
    async function eventIds(query: Record<string, string>): Promise<string[]> {
      const res = await api(ctx.app).get('/api/admin/webhook-events').query(query).set(auth(admin.token));
      expect([JSON.stringify(query), res.status]).toEqual([JSON.stringify(query), 200]);
      return res.body.items.map((e: AdminWebhookEventBody) => e.eventId);
    }

    it('when nobody, a student or an admin reads the inbox or replays, then 401, 403 and 200', async () => {
      const id = ids.get('evt_f1')!;
      for (const path of ['/api/admin/webhook-events', `/api/admin/webhook-events/${id}`]) {
        expect((await api(ctx.app).get(path)).status).toBe(401);
        expect((await api(ctx.app).get(path).set(auth(student.token))).status).toBe(403);
        expect((await api(ctx.app).get(path).set(auth(admin.token))).status).toBe(200);
      }
      expect((await api(ctx.app).post(`/api/admin/webhook-events/${id}/replay`)).status).toBe(401);
      expect((await replay(id, student.token)).status).toBe(403);
    });

    it('when filtered by provider, type, type prefix, event id, status and received time, then only matching events come, newest first', async () => {
      expect(await eventIds(JANUARY)).toEqual(['evt_f6', 'WH-F5', ...sameInstant(), 'evt_f2', 'evt_f1']);
      expect(await eventIds({ ...JANUARY, provider: 'paypal' })).toEqual(['WH-F5', 'WH-F4']);
      expect(await eventIds({ ...JANUARY, type: 'charge.refunded' })).toEqual(['evt_f1']);
      // The provider's event id, as a support agent pastes it from the provider's dashboard.
      expect(await eventIds({ eventId: 'WH-F5' })).toEqual(['WH-F5']);
      expect(await eventIds({ eventId: 'evt_f' })).toEqual([]);
      expect(await eventIds({ ...JANUARY, type: 'charge.*' })).toEqual(['evt_f2', 'evt_f1']);
      // `_` is a literal in a prefix, not LIKE's any-character.
      expect(await eventIds({ ...JANUARY, type: 'charge_*' })).toEqual([]);
      expect(await eventIds({ ...JANUARY, type: 'charge' })).toEqual([]);
      expect(await eventIds({ ...JANUARY, status: 'processed' })).toEqual([...sameInstant(), 'evt_f1']);
      expect(await eventIds({ ...JANUARY, status: 'failed', provider: 'stripe', type: 'charge.*' })).toEqual([
        'evt_f2',
      ]);
      // A date is a whole UTC day, `to` included; a date-time is exact, `to` excluded.
      expect(await eventIds({ from: '2020-01-04', to: '2020-01-04' })).toEqual(['WH-F5']);
      expect(await eventIds({ from: '2020-01-02T10:00:00Z', to: '2020-01-05T00:00:00Z' })).toEqual([
        'WH-F5',
        ...sameInstant(),
        'evt_f2',
      ]);
      expect(await eventIds({ from: '2020-01-05T00:00:00+00:00', to: '2020-01-06' })).toEqual(['evt_f6']);
      expect(await eventIds({ to: '2019-12-31' })).toEqual([]);
    });

    /** The two events received at the same instant, as they must come: by descending id. */
    function sameInstant(): string[] {
      return ['evt_f3', 'WH-F4'].sort((a, b) => (ids.get(a)! < ids.get(b)! ? 1 : -1));
    }

    it('when the inbox is read 2 at a time, then every event comes once, in order, with none skipped', async () => {
      const all = await readAllPages<AdminWebhookEventBody>(ctx, admin.token, '/api/admin/webhook-events', {}, 2);
      const [{ n }] = await ctx.db.dataSource.query(`SELECT count(*)::int AS n FROM webhook_events`);
      expect(all).toHaveLength(n);
      expect(new Set(all.map((e) => e.id)).size).toBe(n);
      const expected: { id: string }[] = await ctx.db.dataSource.query(
        `SELECT id FROM webhook_events ORDER BY received_at DESC, id DESC`,
      );
      expect(all.map((e) => e.id)).toEqual(expected.map((r) => r.id));
      const january = await readAllPages<AdminWebhookEventBody>(
        ctx,
        admin.token,
        '/api/admin/webhook-events',
        JANUARY,
        2,
      );
      expect(january.map((e) => e.eventId)).toEqual(await eventIds(JANUARY));
      expect(january).toHaveLength(6);
    });

    it('when one event is asked for, then it comes with its payload and subjects; unknown or malformed ids are 404', async () => {
      const id = ids.get('WH-F5')!;
      const res = await api(ctx.app).get(`/api/admin/webhook-events/${id}`).set(auth(admin.token));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id,
        provider: 'paypal',
        eventId: 'WH-F5',
        type: 'CUSTOMER.DISPUTE.CREATED',
        status: 'unhandled',
        receivedAt: '2020-01-04T23:59:59.999Z',
        subjects: ['subject-of-WH-F5'],
        payload: { id: 'WH-F5', type: 'CUSTOMER.DISPUTE.CREATED' },
      });
      for (const bad of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const one = await api(ctx.app).get(`/api/admin/webhook-events/${bad}`).set(auth(admin.token));
        expect([one.status, one.body.error.code]).toEqual([404, 'not_found']);
        expect((await replay(bad)).status).toBe(404);
      }
      expect(await replayAudits('00000000-0000-4000-8000-000000000000')).toEqual([]);
    });

    it('when a query parameter is malformed or unknown, then 400', async () => {
      for (const query of [
        'provider=square',
        'status=done',
        'type=charge%20refunded',
        'type=*',
        'limit=0',
        'limit=101',
        'from=2020-13-01',
        'from=2020-02-30',
        'to=yesterday',
        'from=2020-01-01T10:00:00',
        'from=2020-01-05&to=2020-01-04',
        'cursor=bm9wZQ',
        'eventId=evt%20f1',
        'id=evt_f1',
        'provider=stripe&provider=paypal',
      ]) {
        const res = await api(ctx.app).get(`/api/admin/webhook-events?${query}`).set(auth(admin.token));
        expect([query, res.status, res.body.error?.code]).toEqual([
          query,
          400,
          query.startsWith('cursor=') ? 'invalid_cursor' : 'validation_failed',
        ]);
      }
    });
  });
});
