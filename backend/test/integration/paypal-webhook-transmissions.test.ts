import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { approvePayPal, courseIds, startCheckout } from '../support/purchase';
import {
  certDownloads,
  deliver,
  inboxCounts,
  payPalEvent,
  transmissionOf,
  type Transmission,
} from '../support/paypal-transmissions';
import { createSandboxTestContext, type SandboxTestContext } from '../support/test-app';

const MINUTE = 60_000;

describe('PayPal webhook transmissions: time window, replays and the certificate URL', () => {
  let ctx: SandboxTestContext;
  let eventId: string;
  /** Any HTTP request reaching it: a certificate fetch from somewhere other than the pinned origin. */
  let elsewhere: Server;
  let elsewhereRequests = 0;

  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    // Nothing is delivered by the sandbox itself: every delivery below is one the test makes.
    ctx.sandbox.setWebhookUrls({ paypal: undefined });
    const student = await ctx.createUser();
    const [courseId] = await courseIds(ctx);
    const checkout = await startCheckout(ctx, student.token, courseId, 'paypal');
    await approvePayPal(ctx, checkout.providerSessionId);
    eventId = (await payPalEvent(ctx, 'CHECKOUT.ORDER.APPROVED', (r) => r.id === checkout.providerSessionId)).id;
    elsewhere = createServer((_req, res) => {
      elsewhereRequests += 1;
      res.end(ctx.sandbox.paypal.certPem);
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => elsewhere.close(resolve));
    await ctx.close();
  });

  const storedFor = async (id: string): Promise<number> => {
    const [row] = await ctx.db.dataSource.query(`SELECT count(*)::int AS n FROM webhook_events WHERE event_id = $1`, [
      id,
    ]);
    return row.n as number;
  };

  it('when a delivery was signed more than 10 minutes ago, or claims a time more than 10 minutes ahead, then 400 and nothing is stored', async () => {
    const before = await inboxCounts(ctx);
    for (const offset of [-11 * MINUTE, -24 * 60 * MINUTE, 11 * MINUTE, 24 * 60 * MINUTE]) {
      const res = await deliver(ctx, await transmissionOf(ctx, eventId, new Date(Date.now() + offset)));
      expect({ offset, status: res.status, code: res.body.error?.code }).toEqual({
        offset,
        status: 400,
        code: 'invalid_signature',
      });
      expect(res.body.error.message).toMatch(/transmission time/);
    }
    expect(await inboxCounts(ctx)).toEqual(before);
    expect(await storedFor(eventId)).toBe(0);
  });

  it('when a delivery signed within the window arrives, then it is stored once; the same transmission replayed, or a retry with a new transmission id, is a harmless duplicate', async () => {
    const first = await transmissionOf(ctx, eventId, new Date(Date.now() - 5 * MINUTE));
    const accepted = await deliver(ctx, first);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ received: true, duplicate: false });
    await ctx.background.dispatcher.idle();

    const replayed = await deliver(ctx, first);
    expect(replayed.status).toBe(200);
    expect(replayed.body).toEqual({ received: true, duplicate: true });
    // PayPal's own retry of the event is a new transmission (new id, time and signature).
    const retry = await deliver(ctx, await transmissionOf(ctx, eventId));
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({ received: true, duplicate: true });

    expect(await storedFor(eventId)).toBe(1);
    const transmissions = await ctx.db.dataSource.query(
      `SELECT transmission_id, event_id FROM webhook_transmissions WHERE provider = 'paypal' ORDER BY received_at`,
    );
    expect(transmissions).toEqual([
      { transmission_id: first.headers['PAYPAL-TRANSMISSION-ID'], event_id: eventId },
      { transmission_id: expect.any(String), event_id: eventId },
    ]);
  });

  it('when the same delivery is replayed after the window, then it is refused rather than taken as a duplicate', async () => {
    const stale = await deliver(ctx, await transmissionOf(ctx, eventId, new Date(Date.now() - 10 * MINUTE - 5000)));
    expect(stale.status).toBe(400);
    expect(await storedFor(eventId)).toBe(1);
  });

  it('when the certificate URL is not the sandbox origin’s certificate path, then 400 without any certificate request', async () => {
    const valid = await transmissionOf(ctx, eventId);
    const certUrl = new URL(ctx.sandbox.paypal.certUrl);
    const path = certUrl.pathname;
    const name = path.split('/').pop()!;
    const variants = [
      `${ctx.sandbox.paypal.certUrl}?refresh=1`,
      `${certUrl.origin}/v1/notifications/certs/../certs/${name}`,
      `${certUrl.origin}/v1/notifications/certs/%2e%2e/certs/${name}`,
      `${certUrl.origin}/v1/notifications/certs/${name}/`,
      `http://user:secret@${certUrl.host}${path}`,
      `https://${certUrl.host}${path}`,
      `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}${path}`,
      `https://api.paypal.com${path}`,
      `http://api.paypal.com${path}`,
    ];
    const downloadsBefore = await certDownloads(ctx);
    const before = await inboxCounts(ctx);
    for (const url of variants) {
      const forged: Transmission = { ...valid, headers: { ...valid.headers, 'PAYPAL-CERT-URL': url } };
      const res = await deliver(ctx, forged);
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
    }
    expect(await certDownloads(ctx)).toBe(downloadsBefore);
    expect(elsewhereRequests).toBe(0);
    expect(await inboxCounts(ctx)).toEqual(before);

    // The unchanged delivery is a duplicate by now, and verifies: the pinned URL itself works.
    const res = await deliver(ctx, valid);
    expect(res.status).toBe(200);
  });
});
