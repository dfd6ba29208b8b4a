import { randomUUID } from 'node:crypto';
import { createLogger } from '../../src/logger';
import { DataStore } from '../../src/repositories/data-store';
import type { NewDrift } from '../../src/repositories/reconciliation-report.repository';
import { ScheduledEmailService } from '../../src/services/emails/lifecycle/scheduled-emails.service';
import { createSandboxTestContext, type SandboxTestContext } from '../support/test-app';
import {
  cancelSubscription,
  planIds,
  resumeSubscription,
  subscribed,
  waitForSubscription,
} from '../support/subscriptions';
import { ADMINS, APP, loadEmail, outboxOf, outboxOfKind } from './emails-lifecycle-support';

const DAY = 86_400_000;

/** The emails the clock causes: the ending-soon reminder and the admins' daily digest. */
describe('scheduled emails', () => {
  let ctx: SandboxTestContext;
  let plans: { monthly: string; yearly: string };
  let scheduled: ScheduledEmailService;

  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    plans = await planIds(ctx);
    scheduled = new ScheduledEmailService(new DataStore(ctx.db.dataSource), createLogger('silent'));
  });
  afterAll(() => ctx.close());

  async function periodEnd(subscriptionId: string): Promise<Date> {
    const [row] = await ctx.db.dataSource.query(`SELECT current_period_end FROM subscriptions WHERE id = $1`, [
      subscriptionId,
    ]);
    return new Date(row.current_period_end);
  }

  describe('ending soon', () => {
    it('Stripe: when a plan set to cancel at its period end comes within 3 days of it and the sweep runs twice, then one reminder; it is obsolete once resumed, due again when canceled again, obsolete once its end moves', async () => {
      const owner = await ctx.createUser('student', undefined, 'Ending Student');
      const sub = await subscribed(ctx, 'stripe', plans.monthly, { student: owner });
      await waitForSubscription(ctx, owner.token, sub.subscriptionId, (s) => s.payments.length === 1);
      const end = await periodEnd(sub.subscriptionId);
      // Renewing as usual: nothing to remind of.
      await scheduled.enqueueEndingSoon(new Date(end.getTime() - 2 * DAY));
      expect((await outboxOf(ctx, sub)).map((r) => r.kind)).toEqual(['subscription_started']);
      expect((await cancelSubscription(ctx, owner.token, sub.subscriptionId, true)).body.cancelAtPeriodEnd).toBe(true);
      expect(await periodEnd(sub.subscriptionId)).toEqual(end);

      await scheduled.enqueueEndingSoon(new Date(end.getTime() - 4 * DAY));
      expect(await outboxOf(ctx, sub)).toHaveLength(1); // only "started"
      expect(await scheduled.enqueueEndingSoon(new Date(end.getTime() - 2 * DAY))).toBe(1);
      expect(await scheduled.enqueueEndingSoon(new Date(end.getTime() - 2 * DAY + 60_000))).toBe(0);
      await scheduled.enqueueEndingSoon(new Date(end.getTime() - DAY));
      await scheduled.enqueueEndingSoon(new Date(end.getTime() + 1000)); // ended: not "soon"

      const key = `subscription-ending:${sub.subscriptionId}:${end.toISOString().slice(0, 10)}`;
      const ending = (await outboxOf(ctx, sub)).filter((r) => r.kind === 'subscription_ending_soon');
      expect(ending).toEqual([
        {
          key,
          kind: 'subscription_ending_soon',
          userId: owner.id,
          paymentId: null,
          subscriptionId: sub.subscriptionId,
          disputeId: null,
          data: { endsAt: end.toISOString() },
        },
      ]);
      const [{ name: planName }] = await ctx.db.dataSource.query(`SELECT name FROM plans WHERE id = $1`, [
        plans.monthly,
      ]);
      const ready = {
        status: 'ready',
        to: [owner.email],
        attachments: [],
        facts: {
          kind: 'subscription_ending_soon',
          recipientName: 'Ending Student',
          planName,
          endsAt: end,
          manageUrl: `${APP}/account/subscription`,
        },
      };
      expect(await loadEmail(ctx, key)).toEqual(ready);

      expect((await resumeSubscription(ctx, owner.token, sub.subscriptionId)).body.cancelAtPeriodEnd).toBe(false);
      expect(await loadEmail(ctx, key)).toEqual({ status: 'obsolete', reason: 'the subscription was resumed' });
      expect(await scheduled.enqueueEndingSoon(new Date(end.getTime() - DAY))).toBe(0);

      await cancelSubscription(ctx, owner.token, sub.subscriptionId, true);
      expect(await loadEmail(ctx, key)).toEqual(ready);
      await ctx.db.dataSource.query(
        `UPDATE subscriptions SET current_period_end = current_period_end + interval '1 month' WHERE id = $1`,
        [sub.subscriptionId],
      );
      expect(await loadEmail(ctx, key)).toEqual({
        status: 'obsolete',
        reason: 'the subscription now ends at another time',
      });
    });

    it('PayPal: when a plan is canceled (billing ends at once, access to the paid end), then the sweep adds no reminder: the cancellation email said when access ends', async () => {
      const sub = await subscribed(ctx, 'paypal', plans.monthly);
      await waitForSubscription(ctx, sub.student.token, sub.subscriptionId, (s) => s.payments.length === 1);
      await cancelSubscription(ctx, sub.student.token, sub.subscriptionId, true);
      const view = await waitForSubscription(
        ctx,
        sub.student.token,
        sub.subscriptionId,
        (s) => s.status === 'canceled',
      );
      await scheduled.enqueueEndingSoon(new Date(new Date(view.accessEndsAt!).getTime() - DAY));
      expect((await outboxOf(ctx, sub)).map((r) => r.kind)).toEqual(['subscription_started', 'subscription_canceled']);
    });
  });

  describe('admin digest', () => {
    let store: DataStore;
    beforeAll(() => {
      store = new DataStore(ctx.db.dataSource);
    });

    async function webhookEvent(receivedAt: string, status: 'failed' | 'processed', error = 'handler threw') {
      const eventId = `evt_${randomUUID()}`;
      await ctx.db.dataSource.query(
        `INSERT INTO webhook_events (provider, event_id, type, status, payload, attempts, last_error, received_at)
         VALUES ('stripe', $1, 'invoice.paid', $2, '{}'::jsonb, 8, $3, $4::timestamptz)`,
        [eventId, status, status === 'failed' ? error : null, receivedAt],
      );
      return eventId;
    }

    async function drifts(foundAt: string, findings: Partial<NewDrift>[]) {
      const at = new Date(foundAt);
      await store.repos.reconciliationReports.recordRun(
        { startedAt: at, finishedAt: at, checked: findings.length, drifted: findings.length, healed: 0, errors: 0 },
        findings.map((f) => ({
          foundAt: at,
          subject: 'payment',
          subjectId: randomUUID(),
          paymentId: null,
          provider: 'stripe',
          before: 'pending',
          after: 'completed',
          healed: true,
          error: null,
          detail: 'Stripe says the payment completed; we had it pending',
          ...f,
        })),
      );
    }

    const digests = () => outboxOfKind(ctx, 'admin_digest');

    it('when nothing failed or drifted that day (an event processed, failures only the next day), then no digest', async () => {
      await webhookEvent('2026-03-13T23:59:59.999Z', 'processed');
      await webhookEvent('2026-03-14T00:00:00.000Z', 'failed');
      await drifts('2026-03-14T00:00:00.000Z', [{}]);
      expect(await scheduled.enqueueDigest('2026-03-13')).toBe(false);
      expect(await digests()).toEqual([]);
    });

    it('when webhook events failed that day, then one digest for the day, however often the job runs', async () => {
      await webhookEvent('2026-03-20T10:00:00Z', 'failed');
      expect(await scheduled.enqueueDigest('2026-03-20')).toBe(true);
      expect(await scheduled.enqueueDigest('2026-03-20')).toBe(false);
      await Promise.all([scheduled.enqueueDigest('2026-03-20'), scheduled.enqueueDigest('2026-03-20')]);
      expect((await digests()).filter((d) => d.key === 'admin-digest:2026-03-20')).toEqual([
        {
          key: 'admin-digest:2026-03-20',
          kind: 'admin_digest',
          userId: null,
          paymentId: null,
          subscriptionId: null,
          disputeId: null,
          data: { day: '2026-03-20' },
        },
      ]);
    });

    it('when reconciliation found drift that day and no event failed, then a digest too', async () => {
      await drifts('2026-03-21T23:59:59Z', [{ healed: false }]);
      expect(await scheduled.enqueueDigest('2026-03-21')).toBe(true);
    });

    it('when the day has not ended, or is no day, then nothing is queued and the call says why', async () => {
      const today = new Date().toISOString().slice(0, 10);
      await expect(scheduled.enqueueDigest(today)).rejects.toThrow(`the UTC day ${today} has not ended yet`);
      await expect(scheduled.enqueueDigest('2026-02-30')).rejects.toThrow(/not a UTC day/);
      expect((await digests()).map((d) => d.key)).not.toContain(`admin-digest:${today}`);
    });

    it("when the digest is loaded, then it has the day's totals, the 10 newest of each, summaries naming the record, and the admin pages; obsolete once nothing is left or no admin can be told", async () => {
      const failed: string[] = [];
      for (let i = 0; i < 12; i += 1) {
        failed.push(await webhookEvent(`2026-04-02T${String(i + 10).padStart(2, '0')}:00:00Z`, 'failed', `error ${i}`));
      }
      await webhookEvent('2026-04-02T09:00:00Z', 'processed');
      const unhealed = randomUUID();
      await drifts('2026-04-02T08:00:00Z', [{}, { healed: false, subject: 'refund', subjectId: unhealed }]);
      await drifts('2026-04-02T09:00:00Z', [
        {
          healed: false,
          error: 'connect ECONNREFUSED',
          detail: 'Could not ask Stripe about the payment: connect ECONNREFUSED',
        },
      ]);
      expect(await scheduled.enqueueDigest('2026-04-02')).toBe(true);

      const loaded = await loadEmail(ctx, 'admin-digest:2026-04-02');
      if (loaded.status !== 'ready' || loaded.facts.kind !== 'admin_digest') throw new Error(JSON.stringify(loaded));
      expect(loaded.to).toEqual(ADMINS);
      expect(loaded.attachments).toEqual([]);
      const { facts } = loaded;
      expect(facts).toMatchObject({
        day: '2026-04-02',
        webhooksUrl: `${APP}/admin/webhooks`,
        reconciliationUrl: `${APP}/admin/reconciliation`,
      });
      expect(facts.failedWebhooks.total).toBe(12);
      expect(facts.failedWebhooks.items).toHaveLength(10);
      expect(facts.failedWebhooks.items[0]).toEqual({
        provider: 'stripe',
        eventType: 'invoice.paid',
        eventId: failed[11],
        error: 'error 11',
        at: new Date('2026-04-02T21:00:00Z'),
      });
      expect(facts.failedWebhooks.items.map((i) => i.eventId)).toEqual(failed.slice(2).reverse());
      expect(facts.drift).toMatchObject({ total: 3, unhealed: 2 });
      expect(facts.drift.items).toHaveLength(3);
      expect(facts.drift.items[0]).toEqual({
        summary: expect.stringContaining('Could not ask Stripe about the payment: connect ECONNREFUSED (payment '),
        healed: false,
        at: new Date('2026-04-02T09:00:00Z'),
      });
      expect(facts.drift.items.map((i) => i.summary)).toContainEqual(
        `Stripe says the payment completed; we had it pending (refund ${unhealed})`,
      );

      expect(await loadEmail(ctx, 'admin-digest:2026-04-02', [])).toMatchObject({ status: 'obsolete' });
      await ctx.db.dataSource.query(
        `UPDATE webhook_events SET status = 'processed' WHERE received_at >= '2026-04-02' AND received_at < '2026-04-03'`,
      );
      await ctx.db.dataSource.query(
        `DELETE FROM reconciliation_drifts WHERE found_at >= '2026-04-02' AND found_at < '2026-04-03'`,
      );
      expect(await loadEmail(ctx, 'admin-digest:2026-04-02')).toEqual({
        status: 'obsolete',
        reason: 'nothing failed or drifted on 2026-04-02 any more',
      });
    });
  });
});
