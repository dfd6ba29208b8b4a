import { emailKeys } from '../../src/domain/emails/email-kind';
import { MAIL_DISABLED_REASON } from '../../src/services/emails/email-sender';
import { outboxRow } from '../support/outbox';
import { createTestContext, type TestContext } from '../support/test-app';

/**
 * A send job's claim, one statement guarded by the state machine: which rows a run may take.
 * Mail is disabled here, so a claimed row is filed `skipped` at once and the outcome shows the claim.
 */
describe('a send job claiming its email', () => {
  let ctx: TestContext;
  let userId: string;
  let day = 0;
  beforeAll(async () => {
    ctx = await createTestContext();
    userId = (await ctx.createUser()).id;
  });
  afterAll(() => ctx?.close());

  /** An admin digest as `set` leaves it (SQL assignments on the fresh row). */
  async function emailIn(set: string): Promise<string> {
    day += 1;
    const [{ id }] = await ctx.db.dataSource.query(
      `INSERT INTO email_outbox (idempotency_key, kind, user_id) VALUES ($1, 'admin_digest', $2) RETURNING id`,
      [emailKeys.adminDigest(`2026-02-${String(day).padStart(2, '0')}`), userId],
    );
    await ctx.db.dataSource.query(`UPDATE email_outbox SET ${set} WHERE id = $1`, [id]);
    return id;
  }

  it('when the email is due (queued, or retrying after a failed attempt), then the run takes it', async () => {
    for (const set of [`status = 'queued'`, `status = 'retrying', attempts = 1`]) {
      const id = await emailIn(set);
      expect(await ctx.services.emails.send(id)).toBe('skipped');
      expect(await outboxRow(ctx, id)).toMatchObject({ status: 'skipped', last_error: MAIL_DISABLED_REASON });
    }
  });

  it('when a queued email is not due yet, then the run leaves it queued', async () => {
    const id = await emailIn(`available_at = now() + interval '1 hour'`);
    expect(await ctx.services.emails.send(id)).toBe('not_claimed');
    expect(await outboxRow(ctx, id)).toMatchObject({ status: 'queued' });
  });

  it('when another run holds a live lease, then this run fails (to come back later); once it lapses, the row is taken over', async () => {
    const id = await emailIn(`status = 'sending', lease_until = now() + interval '1 minute'`);
    await expect(ctx.services.emails.send(id)).rejects.toThrow('another run holds the email');
    expect(await outboxRow(ctx, id)).toMatchObject({ status: 'sending' });

    await ctx.db.dataSource.query(`UPDATE email_outbox SET lease_until = now() - interval '1 second' WHERE id = $1`, [
      id,
    ]);
    expect(await ctx.services.emails.send(id)).toBe('skipped');
  });

  it('when the email is settled (sent, failed or skipped) or gone, then the run leaves it as it is', async () => {
    for (const status of ['sent', 'failed', 'skipped']) {
      const id = await emailIn(`status = '${status}', last_error = 'as it was'`);
      expect([status, await ctx.services.emails.send(id)]).toEqual([status, 'not_claimed']);
      expect(await outboxRow(ctx, id)).toMatchObject({ status, last_error: 'as it was' });
    }
    expect(await ctx.services.emails.send('00000000-0000-4000-8000-000000000000')).toBe('not_claimed');
  });
});
