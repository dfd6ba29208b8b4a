import { eventSubjects } from '../../src/domain/events/event-subjects';
import { DataStore } from '../../src/repositories/data-store';
import type { AdminPaymentDetail, AdminPaymentRow, TimelineEntry } from '../../src/services/admin/admin-views';
import { waitForDocuments } from '../support/invoices';
import { adminRefund, completedPurchase, paymentView, waitForAccess } from '../support/post-sale';
import {
  approvePayPal,
  payStripe,
  sandboxControl,
  startCheckout,
  stripeSignature,
  waitForStatus,
} from '../support/purchase';
import { api, createSandboxTestContext, eventually, type SandboxTestContext } from '../support/test-app';

type Provider = 'stripe' | 'paypal';
interface Student {
  id: string;
  token: string;
  email: string;
}
interface StoredEventRow {
  event_id: string;
  type: string;
  payload: Record<string, unknown>;
  subjects: string[];
}
interface Bought {
  paymentId: string;
  providerSessionId: string;
  amount: number;
}

const DOMAIN = 'admin-search.example';

describe('admin payments search and timeline', () => {
  let ctx: SandboxTestContext;
  let course: (slug: string) => string;
  let admin: Student;
  let alice: Student;
  let bob: Student;
  /** Alice: EUR Stripe, JPY PayPal, USD Stripe left pending. */
  const a: Record<'eur' | 'jpy' | 'pending', Bought> = {} as never;
  /** Bob: JPY Stripe, USD PayPal, EUR PayPal partly refunded, EUR Stripe fully refunded, GBP Stripe left pending. */
  const b: Record<'jpy' | 'usd' | 'partial' | 'full' | 'pending', Bought> = {} as never;
  let fullRefund: { providerRefundId: string; invoiceNumber: string; creditNoteNumber: string };

  const search = (query: Record<string, string | number>, token = admin.token) =>
    api(ctx.app).get('/api/admin/payments').query(query).auth(token, { type: 'bearer' });
  const detail = (id: string, token = admin.token) =>
    api(ctx.app).get(`/api/admin/payments/${id}`).auth(token, { type: 'bearer' });
  const ids = (rows: AdminPaymentRow[]) => rows.map((r) => r.id).sort();
  const paymentIds = (...bought: Bought[]) => bought.map((p) => p.paymentId).sort();
  /** Every row of a search within the two students' payments. */
  async function within(query: Record<string, string | number>): Promise<AdminPaymentRow[]> {
    const res = await search({ q: DOMAIN, limit: 100, ...query });
    expect(res.status).toBe(200);
    return res.body.items as AdminPaymentRow[];
  }

  async function buy(
    student: Student,
    slug: string,
    provider: Provider,
    currency: string,
    pay = true,
  ): Promise<Bought> {
    const checkout = await startCheckout(ctx, student.token, course(slug), provider, currency);
    if (pay) {
      if (provider === 'stripe') await payStripe(ctx, checkout.providerSessionId);
      else await approvePayPal(ctx, checkout.providerSessionId);
      await waitForStatus(ctx, checkout.paymentId, 'completed');
    }
    const view = await paymentView(ctx, admin.token, checkout.paymentId);
    return {
      paymentId: checkout.paymentId,
      providerSessionId: checkout.providerSessionId,
      amount: view.body.amount.amount as number,
    };
  }

  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    const rows: { id: string; slug: string }[] = await ctx.db.dataSource.query(`SELECT id, slug FROM courses`);
    course = (slug) => rows.find((r) => r.slug === slug)!.id;
    admin = await ctx.createUser('admin');
    alice = await ctx.createUser('student', `alice.moreau@${DOMAIN}`, 'Alice Moreau');
    bob = await ctx.createUser('student', `bob.tanaka@${DOMAIN}`, 'Bob Tanaka_100%');

    a.eur = await buy(alice, 'angular-signals', 'stripe', 'EUR');
    a.jpy = await buy(alice, 'typescript-fundamentals', 'paypal', 'JPY');
    a.pending = await buy(alice, 'payments-engineering', 'stripe', 'USD', false);
    b.jpy = await buy(bob, 'typescript-fundamentals', 'stripe', 'JPY');
    b.usd = await buy(bob, 'angular-signals', 'paypal', 'USD');
    b.partial = await buy(bob, 'postgresql-for-developers', 'paypal', 'EUR');
    b.full = await buy(bob, 'testing-node-services', 'stripe', 'EUR');
    b.pending = await buy(bob, 'web-security-essentials', 'stripe', 'GBP', false);

    expect((await adminRefund(ctx, admin.token, b.partial.paymentId, { amount: 500 })).status).toBe(201);
    const full = await adminRefund(ctx, admin.token, b.full.paymentId);
    expect([full.status, full.body.refund.status]).toEqual([201, 'succeeded']);
    const docs = await waitForDocuments(ctx, bob.token, b.full.paymentId, 1);
    const [refundRow] = await ctx.db.dataSource.query(`SELECT provider_refund_id FROM refunds WHERE id = $1`, [
      full.body.refund.id,
    ]);
    fullRefund = {
      providerRefundId: refundRow.provider_refund_id,
      invoiceNumber: docs.invoice.number,
      creditNoteNumber: docs.creditNotes[0]!.number,
    };
  }, 180_000);
  afterAll(() => ctx.close());

  describe('authorization', () => {
    it('when nobody is logged in, then both endpoints answer 401', async () => {
      expect((await api(ctx.app).get('/api/admin/payments')).status).toBe(401);
      expect((await api(ctx.app).get(`/api/admin/payments/${a.eur.paymentId}`)).status).toBe(401);
    });

    it('when a student asks, even about their own payment, then both endpoints answer 403', async () => {
      expect((await search({}, alice.token)).status).toBe(403);
      expect((await detail(a.eur.paymentId, alice.token)).status).toBe(403);
    });

    it('when an admin asks, then both endpoints answer 200', async () => {
      expect((await search({})).status).toBe(200);
      expect((await detail(a.eur.paymentId)).status).toBe(200);
    });
  });

  describe('filters', () => {
    it('when searching by part of an email or name in any case, then only that buyer\u2019s payments come back', async () => {
      const alices = paymentIds(a.eur, a.jpy, a.pending);
      expect(ids(await within({ q: 'ALICE MOR' }))).toEqual(alices);
      const byEmail = await search({ q: 'Alice.Moreau@', limit: 100 });
      expect(ids(byEmail.body.items)).toEqual(alices);
      expect(byEmail.body.items[0].user).toEqual({ id: alice.id, email: alice.email, name: 'Alice Moreau' });
      expect(await within({ q: 'nobody by this name' })).toEqual([]);
      expect(await within({ q: DOMAIN })).toHaveLength(8);
    });

    it('when the text holds LIKE wildcards, then they match only themselves', async () => {
      const bobs = paymentIds(b.jpy, b.usd, b.partial, b.full, b.pending);
      for (const q of ['%', '_', '_100%', 'tanaka_1']) {
        const res = await search({ q, limit: 100 });
        expect([q, ids(res.body.items)]).toEqual([q, bobs]);
      }
    });

    it('when filtering by status, provider and currency, then each narrows to the matching payments', async () => {
      expect(ids(await within({ status: 'pending' }))).toEqual([a.pending.paymentId, b.pending.paymentId].sort());
      expect(ids(await within({ provider: 'paypal' }))).toEqual(
        [a.jpy.paymentId, b.usd.paymentId, b.partial.paymentId].sort(),
      );
      expect(ids(await within({ currency: 'JPY' }))).toEqual([a.jpy.paymentId, b.jpy.paymentId].sort());
      expect(ids(await within({ currency: 'jpy', provider: 'stripe' }))).toEqual([b.jpy.paymentId]);
      expect(ids(await within({ currency: 'EUR', status: 'completed' }))).toEqual(
        [a.eur.paymentId, b.partial.paymentId, b.full.paymentId].sort(),
      );
    });

    it('when filtering by label after a partial and a full refund, then the derived labels select them', async () => {
      expect(ids(await within({ label: 'partially_refunded' }))).toEqual([b.partial.paymentId]);
      expect(ids(await within({ label: 'refunded' }))).toEqual([b.full.paymentId]);
      expect(ids(await within({ label: 'completed' }))).toEqual(
        [a.eur.paymentId, a.jpy.paymentId, b.jpy.paymentId, b.usd.paymentId].sort(),
      );
      expect(ids(await within({ label: 'pending' }))).toEqual([a.pending.paymentId, b.pending.paymentId].sort());
      const [partial] = await within({ label: 'partially_refunded' });
      expect(partial).toMatchObject({
        status: 'completed',
        label: 'partially_refunded',
        refundedAmount: { amount: 500, currency: 'EUR' },
        refundableAmount: { amount: b.partial.amount - 500, currency: 'EUR' },
      });
    });

    it('when every payment is listed, then the label SQL selects equals paymentLabel and the amounts equal the owner view', async () => {
      const rows = await within({});
      expect(rows).toHaveLength(8);
      const repository = new DataStore(ctx.db.dataSource).repos.adminPayments;
      const sqlRows = await repository.search({ sort: 'created_desc', limit: 100 });
      const sqlLabel = new Map(sqlRows.map((r) => [r.id, r.label]));
      for (const row of rows) {
        expect([row.id, sqlLabel.get(row.id)]).toEqual([row.id, row.label]);
        const view = (await paymentView(ctx, admin.token, row.id)).body;
        expect(row).toMatchObject({
          label: view.label,
          refundedAmount: view.refundedAmount,
          refundableAmount: view.refundableAmount,
          amount: view.amount,
          status: view.status,
        });
      }
      expect(new Set(rows.map((r) => r.label))).toEqual(
        new Set(['completed', 'pending', 'partially_refunded', 'refunded']),
      );
    });

    it('when filtering by dates, then a date is its whole UTC day and a date-time is exact, `to` exclusive', async () => {
      const today = new Date().toISOString().slice(0, 10);
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      expect(await within({ from: today, to: today })).toHaveLength(8);
      expect(await within({ to: yesterday })).toEqual([]);
      expect(await within({ from: yesterday, to: yesterday })).toEqual([]);

      const ordered = await within({ sort: 'created_asc' });
      const pivot = ordered[3]!;
      const fromPivot = await within({ from: pivot.createdAt, sort: 'created_asc' });
      expect(fromPivot.map((r) => r.id)).toEqual(ordered.slice(3).map((r) => r.id));
      const beforePivot = await within({ to: pivot.createdAt, sort: 'created_asc' });
      expect(beforePivot.map((r) => r.id)).toEqual(ordered.slice(0, 3).map((r) => r.id));
      const offset = pivot.createdAt.replace('Z', '+00:00');
      expect((await within({ from: offset })).map((r) => r.id)).toContain(pivot.id);
    });

    it('when filtering by amount in a currency, then the bounds are inclusive minor units', async () => {
      const eur = [a.eur, b.partial, b.full];
      const amount = a.eur.amount;
      const exact = await within({ currency: 'EUR', minAmount: amount, maxAmount: amount });
      expect(ids(exact)).toEqual(
        eur
          .filter((p) => p.amount === amount)
          .map((p) => p.paymentId)
          .sort(),
      );
      const above = await within({ currency: 'EUR', minAmount: amount + 1 });
      expect(ids(above)).toEqual(
        eur
          .filter((p) => p.amount > amount)
          .map((p) => p.paymentId)
          .sort(),
      );
      const upTo = await within({ currency: 'JPY', maxAmount: 7500 });
      expect(ids(upTo)).toEqual([a.jpy.paymentId, b.jpy.paymentId].sort());
      expect(await within({ currency: 'JPY', maxAmount: 7499 })).toEqual([]);
    });

    it('when searching by an exact reference, then the one payment it names comes back', async () => {
      const [full] = await within({ label: 'refunded' });
      const [paypal] = await within({ provider: 'paypal', currency: 'USD' });
      const references: [string, string][] = [
        [a.eur.paymentId, a.eur.paymentId],
        [a.eur.providerSessionId, a.eur.paymentId],
        [paypal!.providerSessionId!, b.usd.paymentId],
        [paypal!.providerPaymentId!, b.usd.paymentId],
        [full!.providerPaymentId!, b.full.paymentId],
        [fullRefund.providerRefundId, b.full.paymentId],
        [fullRefund.invoiceNumber, b.full.paymentId],
        [fullRefund.creditNoteNumber, b.full.paymentId],
      ];
      for (const [reference, expected] of references) {
        const res = await search({ reference });
        expect([reference, ids(res.body.items)]).toEqual([reference, [expected]]);
      }
      expect((await search({ reference: fullRefund.invoiceNumber.slice(0, -1) })).body.items).toEqual([]);
      expect((await search({ reference: '00000000-0000-4000-8000-000000000000' })).body.items).toEqual([]);
      const combined = await search({ reference: a.eur.paymentId, provider: 'paypal' });
      expect(combined.body.items).toEqual([]);
    });

    it('when a query is malformed, then 400 names the parameter and nothing is searched', async () => {
      const cases: [Record<string, string | number>, string, string][] = [
        [{ from: '2026-02-30' }, 'validation_failed', 'from'],
        [{ to: 'yesterday' }, 'validation_failed', 'to'],
        [{ from: '2026-03-02', to: '2026-03-01' }, 'validation_failed', 'from'],
        [{ from: '2026-03-01T10:00:00Z', to: '2026-03-01T09:00:00Z' }, 'validation_failed', 'from'],
        [{ colour: 'red' }, 'validation_failed', 'query'],
        [{ minAmount: -5, currency: 'EUR' }, 'validation_failed', 'minAmount'],
        [{ maxAmount: '1.5', currency: 'EUR' }, 'validation_failed', 'maxAmount'],
        [{ minAmount: 10, maxAmount: 5, currency: 'EUR' }, 'validation_failed', 'minAmount'],
        [{ minAmount: 100 }, 'amount_needs_currency', 'minAmount'],
        [{ maxAmount: 100 }, 'amount_needs_currency', 'maxAmount'],
        [{ currency: 'EURO' }, 'validation_failed', 'currency'],
        [{ currency: 'ZZZ' }, 'validation_failed', 'currency'],
        [{ status: 'refunded' }, 'validation_failed', 'status'],
        [{ label: 'lost' }, 'validation_failed', 'label'],
        [{ provider: 'adyen' }, 'validation_failed', 'provider'],
        [{ sort: 'amount_desc' }, 'validation_failed', 'sort'],
        [{ limit: 0 }, 'validation_failed', 'limit'],
        [{ limit: 101 }, 'validation_failed', 'limit'],
        [{ cursor: 'not-a-cursor' }, 'invalid_cursor', 'cursor'],
      ];
      for (const [query, code, path] of cases) {
        const res = await search(query);
        expect([query, res.status, res.body.error.code]).toEqual([query, 400, code]);
        expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
      }
    });
  });

  describe('pagination', () => {
    const bobsQuery = { q: 'bob.tanaka@' };

    async function walk(sort: 'created_desc' | 'created_asc'): Promise<string[]> {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const res = await search({ ...bobsQuery, sort, limit: 2, ...(cursor ? { cursor } : {}) });
        expect(res.status).toBe(200);
        seen.push(...(res.body.items as AdminPaymentRow[]).map((r) => r.id));
        cursor = res.body.nextCursor ?? undefined;
        if (!cursor) return seen;
        expect(res.body.items).toHaveLength(2);
      }
      throw new Error('pagination did not end');
    }

    it('when 5 payments are paged 2 at a time in either order, then every one comes exactly once, in order', async () => {
      const all = (await search({ ...bobsQuery, limit: 100 })).body.items as AdminPaymentRow[];
      expect(all).toHaveLength(5);
      const times = all.map((r) => Date.parse(r.createdAt));
      expect(times).toEqual([...times].sort((x, y) => y - x));
      const newest = all.map((r) => r.id);
      expect(await walk('created_desc')).toEqual(newest);
      expect(await walk('created_asc')).toEqual([...newest].reverse());
    });

    it('when a cursor from one order is used with the other, then it continues from that position the other way', async () => {
      const all = ((await search({ ...bobsQuery, limit: 100 })).body.items as AdminPaymentRow[]).map((r) => r.id);
      const first = await search({ ...bobsQuery, limit: 2 });
      const reversed = await search({ ...bobsQuery, limit: 10, sort: 'created_asc', cursor: first.body.nextCursor });
      expect(reversed.status).toBe(200);
      expect(reversed.body.items.map((r: AdminPaymentRow) => r.id)).toEqual([all[0]]);
    });
  });

  describe('one payment', () => {
    it('when the id is unknown or not a UUID, then 404', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-payment', '123']) {
        const res = await detail(id);
        expect([id, res.status, res.body.error.code]).toEqual([id, 404, 'not_found']);
      }
      expect(
        (await api(ctx.app).get(`/api/admin/payments/${a.eur.paymentId}?x=1`).auth(admin.token, { type: 'bearer' }))
          .status,
      ).toBe(400);
    });

    it('when a payment is shown, then it is the owner\u2019s view plus the buyer, provider references and review facts', async () => {
      const res = await detail(b.partial.paymentId);
      const owner = (await paymentView(ctx, bob.token, b.partial.paymentId)).body;
      const body = res.body as AdminPaymentDetail;
      expect(body.payment).toEqual({
        ...owner,
        user: { id: bob.id, email: bob.email, name: 'Bob Tanaka_100%' },
        providerSessionId: b.partial.providerSessionId,
        providerPaymentId: expect.any(String),
        reviewReason: null,
        confirmedAmount: null,
      });
      expect(body.timeline.find((e) => e.kind === 'refund' && e.status === 'succeeded')?.amount).toEqual({
        amount: 500,
        currency: 'EUR',
      });
    });

    it('when a payment was bought through the webhook path, refunded in part and then in full, then its timeline tells it in order', async () => {
      const purchase = await completedPurchase(ctx, 'stripe', course('payments-engineering'), { currency: 'EUR' });
      const paymentId = purchase.checkout.paymentId;
      // The invoice first, so the order of what follows is fixed.
      const { invoice } = await waitForDocuments(ctx, purchase.student.token, paymentId);
      const partial = await adminRefund(ctx, admin.token, paymentId, { amount: 500, reason: 'goodwill' });
      expect([partial.status, partial.body.refund.status]).toEqual([201, 'succeeded']);
      const { creditNotes } = await waitForDocuments(ctx, purchase.student.token, paymentId, 1);

      // The refund's webhooks arrive on their own; the page shows them once they are processed.
      const before = await eventually(async () => {
        const body = (await detail(paymentId)).body as AdminPaymentDetail;
        const events = body.timeline.filter((e) => e.kind === 'provider_event');
        const refundEvents = events.filter((e) => e.title.startsWith('refund.') || e.title === 'charge.refunded');
        return refundEvents.length > 0 && events.every((e) => e.status !== 'received') ? body : undefined;
      });
      const timeline = before.timeline;
      expectChronological(timeline);

      const checkout = timeline[0]!;
      expect(checkout).toMatchObject({
        kind: 'checkout',
        title: expect.stringContaining('started with Stripe'),
        amount: before.payment.amount,
        actor: { kind: 'user', userId: purchase.student.id },
      });

      const completedEvent = timeline.find(
        (e) => e.kind === 'provider_event' && e.title === 'checkout.session.completed',
      );
      expect(completedEvent).toMatchObject({
        status: 'processed',
        actor: { kind: 'webhook:stripe' },
        data: { eventId: expect.stringMatching(/^evt_/), attempts: 1, lastError: null },
      });
      const inbox = await ctx.db.dataSource.query(`SELECT id, event_id, subjects FROM webhook_events WHERE id = $1`, [
        completedEvent!.links.webhookEventId,
      ]);
      expect(inbox[0].event_id).toBe(completedEvent!.data.eventId);
      expect(inbox[0].subjects).toEqual(expect.arrayContaining([paymentId, purchase.checkout.providerSessionId]));
      expect(JSON.stringify(timeline)).not.toContain('"payload"');

      const completed = timeline.find((e) => e.kind === 'state_change' && e.status === 'completed');
      expect(completed).toMatchObject({ title: 'Payment completed', actor: { kind: 'webhook:stripe' } });
      const requested = timeline.find((e) => e.kind === 'refund' && e.data.action === 'refund.requested');
      expect(requested).toMatchObject({
        title: 'Refund of €5.00 requested',
        amount: { amount: 500, currency: before.payment.amount.currency },
        actor: { kind: 'admin', userId: admin.id, email: admin.email },
        data: { reason: 'goodwill' },
        links: { refundId: partial.body.refund.id },
      });
      const succeeded = timeline.find((e) => e.kind === 'refund' && e.status === 'succeeded');
      expect(succeeded).toMatchObject({
        title: 'Refund of €5.00 succeeded',
        links: { refundId: partial.body.refund.id },
      });
      const invoiceEntry = timeline.find((e) => e.kind === 'document' && e.data.kind === 'invoice');
      expect(invoiceEntry).toMatchObject({
        title: `Invoice ${invoice.number} issued`,
        links: { documentId: invoice.id, downloadUrl: `/api/invoices/documents/${invoice.id}` },
      });
      const creditNote = timeline.find((e) => e.kind === 'document' && e.data.kind === 'credit_note');
      expect(creditNote).toMatchObject({
        title: `Credit note ${creditNotes[0]!.number} issued`,
        amount: { amount: -500 },
        links: { documentId: creditNotes[0]!.id, downloadUrl: `/api/invoices/documents/${creditNotes[0]!.id}` },
      });
      const pdf = await api(ctx.app).get(creditNote!.links.downloadUrl!).auth(admin.token, { type: 'bearer' });
      expect([pdf.status, pdf.headers['content-type']]).toEqual([200, 'application/pdf']);

      const refundEvent = timeline.find((e) => e.kind === 'provider_event' && e.title.startsWith('refund.'));
      expect(refundEvent?.links.webhookEventId).toEqual(expect.any(String));
      // Either of Stripe's two completion events may be the one that completed it; the first came before.
      const firstEvent = timeline.find((e) => e.kind === 'provider_event');
      const order = [checkout, firstEvent, completed, invoiceEntry, requested, succeeded, creditNote].map((e) =>
        timeline.indexOf(e!),
      );
      expect(order).toEqual([...order].sort((x, y) => x - y));
      expect(timeline.indexOf(refundEvent!)).toBeGreaterThan(timeline.indexOf(requested!));
      expect(timeline.filter((e) => e.kind === 'access').map((e) => e.status)).toEqual(['active']);

      // The rest: a full refund revokes the access, and the page says so after the refund.
      const rest = await adminRefund(ctx, admin.token, paymentId);
      expect(rest.status).toBe(201);
      await waitForAccess(ctx, paymentId, 'revoked');
      const after = ((await detail(paymentId)).body as AdminPaymentDetail).timeline;
      expectChronological(after);
      const restSucceeded = after.find((e) => e.status === 'succeeded' && e.links.refundId === rest.body.refund.id);
      const revoked = after.find((e) => e.kind === 'access' && e.status === 'revoked');
      expect(revoked).toMatchObject({ title: 'Access revoked (refund)', data: { paymentId, from: 'active' } });
      expect(after.indexOf(revoked!)).toBeGreaterThan(after.indexOf(restSucceeded!));
    });

    it('when a dispute arrives without our payment id, then the stored event learns it and the timeline shows the dispute', async () => {
      const purchase = await completedPurchase(ctx, 'stripe', course('web-security-essentials'));
      const paymentId = purchase.checkout.paymentId;
      const dispute = (await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/disputes`, {
        payment_intent: purchase.providerPaymentId,
      })) as { id: string };
      await waitForAccess(ctx, paymentId, 'suspended');
      const rows: StoredEventRow[] = await eventually(async () => {
        const found = await ctx.db.dataSource.query(
          `SELECT event_id, type, payload, subjects FROM webhook_events
            WHERE type = 'charge.dispute.created' AND $1 = ANY(subjects) AND status <> 'received'`,
          [dispute.id],
        );
        return found.length > 0 ? found : undefined;
      });
      const stored = rows[0]!;
      // The event itself names the dispute and the PaymentIntent only; our payment id came from
      // the provider's copy of the dispute when it was prepared, and was added when claimed.
      const named = eventSubjects(
        ctx.providers.get('stripe').webhooks.normalize({
          provider: 'stripe',
          id: stored.event_id,
          type: stored.type,
          createdAt: new Date(),
          payload: stored.payload,
        }),
      );
      expect(named).toEqual(expect.arrayContaining([dispute.id, purchase.providerPaymentId]));
      expect(named).not.toContain(paymentId);
      expect(stored.subjects).toEqual(expect.arrayContaining([dispute.id, purchase.providerPaymentId, paymentId]));
      const timeline = ((await detail(paymentId)).body as AdminPaymentDetail).timeline;
      expectChronological(timeline);
      expect(timeline.find((e) => e.kind === 'provider_event' && e.title === 'charge.dispute.created')).toBeDefined();
      const opened = timeline.find((e) => e.kind === 'dispute' && e.data.action === 'dispute.opened');
      expect(opened).toMatchObject({
        title: expect.stringMatching(/^Dispute of .+ opened/),
        links: { disputeId: expect.any(String) },
      });
      const suspended = timeline.find((e) => e.kind === 'access' && e.status === 'suspended');
      expect(timeline.indexOf(suspended!)).toBeGreaterThan(timeline.indexOf(opened!));

      const disputed = await search({ reference: dispute.id });
      expect(disputed.body.items.map((r: AdminPaymentRow) => [r.id, r.label])).toEqual([[paymentId, 'disputed']]);
      expect(ids((await search({ label: 'disputed', limit: 100 })).body.items)).toEqual([paymentId]);

      await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/disputes/${dispute.id}/close`, { outcome: 'lost' });
      await waitForAccess(ctx, paymentId, 'revoked');
      const lost = await search({ label: 'dispute_lost', limit: 100 });
      expect(lost.body.items.map((r: AdminPaymentRow) => [r.id, r.label])).toEqual([[paymentId, 'dispute_lost']]);
      const sqlRows = await new DataStore(ctx.db.dataSource).repos.adminPayments.search({
        reference: { value: dispute.id, paymentId: null },
        sort: 'created_desc',
        limit: 10,
      });
      expect(sqlRows.map((r) => r.label)).toEqual(['dispute_lost']);
      const after = ((await detail(paymentId)).body as AdminPaymentDetail).timeline;
      expect(after.find((e) => e.kind === 'dispute' && e.status === 'lost')?.title).toMatch(/^Dispute of .+ lost$/);
    });

    it('when an event cannot be read (normalize throws), then it is stored for retry with no subjects', async () => {
      const body = JSON.stringify({
        id: 'evt_unreadable_admin_test',
        object: 'event',
        type: 'checkout.session.completed',
        created: Math.floor(Date.now() / 1000),
        data: {
          object: {
            id: 'cs_unreadable',
            object: 'checkout.session',
            mode: 'payment',
            amount_total: 100,
            currency: 'zzz',
            payment_status: 'paid',
            status: 'complete',
            metadata: { payment_id: a.eur.paymentId },
          },
        },
      });
      const res = await api(ctx.app)
        .post('/api/payments/webhook/stripe')
        .set('Content-Type', 'application/json')
        .set('Stripe-Signature', stripeSignature(body, ctx.sandbox.stripe.webhookSecret))
        .send(body);
      expect(res.status).toBe(200);
      const [row] = await ctx.db.dataSource.query(
        `SELECT subjects, last_error FROM webhook_events WHERE event_id = 'evt_unreadable_admin_test'`,
      );
      expect(row.subjects).toEqual([]);
      expect(row.last_error).toEqual(expect.any(String));
    });
  });
});

function expectChronological(timeline: TimelineEntry[]): void {
  const times = timeline.map((e) => Date.parse(e.at));
  expect(times).toEqual([...times].sort((x, y) => x - y));
}
