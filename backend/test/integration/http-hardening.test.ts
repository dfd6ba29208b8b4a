import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { encodeCursor } from '../../src/services/payments/history-cursor';
import { captureLogs, type CapturedLogs } from '../support/log-lines';
import { stripeSignature } from '../support/purchase';
import { api, createTestContext, eventually, type TestContext } from '../support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** What hashPassword writes: scrypt$N$r$p$salt$key. */
const SCRYPT_HASH = /scrypt\$\d+\$\d+\$\d+\$/;

/** A script element without src, or an on* event handler attribute: what a strict CSP blocks. */
const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc\s*=)[^>]*>/i;
const INLINE_HANDLER = /<[^>]+\son[a-z]+\s*=/i;

function directives(header: string | undefined): Record<string, string> {
  return Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name, ...values] = part.split(/\s+/);
        return [name, values.join(' ')];
      }),
  );
}

const EXPECTED_CSP = {
  'default-src': "'self'",
  'script-src': "'self'",
  'script-src-attr': "'none'",
  'style-src': "'self' 'unsafe-inline'",
  'img-src': "'self' data:",
  'font-src': "'self'",
  'connect-src': "'self'",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
  'base-uri': "'self'",
  'object-src': "'none'",
};

describe('HTTP hardening', () => {
  let ctx: TestContext;
  let logs: CapturedLogs;
  let fixtureDir: string;
  let spaApp: Express;

  beforeAll(async () => {
    logs = captureLogs('debug');
    ctx = await createTestContext({ logger: logs.logger });
    fixtureDir = mkdtempSync(path.join(tmpdir(), 'spa-fixture-'));
    writeFileSync(
      path.join(fixtureDir, 'index.html'),
      '<!doctype html><html><head><link rel="stylesheet" href="styles.css"></head><body><app-root></app-root><script src="main.js" type="module"></script></body></html>',
    );
    writeFileSync(path.join(fixtureDir, 'main.js'), 'console.log("app");');
    spaApp = createApp({
      config: ctx.config,
      logger: logs.logger,
      services: ctx.services,
      dispatcher: ctx.background.dispatcher,
      metrics: ctx.metrics,
      frontendDir: fixtureDir,
    });
  });
  afterAll(async () => {
    rmSync(fixtureDir, { recursive: true, force: true });
    await ctx.close();
  });

  describe('request ids', () => {
    it('when a request sends a well-formed X-Request-Id, then it is echoed and is in the error body', async () => {
      const id = 'edge-proxy:42.a_b-C';
      const res = await api(ctx.app).get('/api/nope').set('X-Request-Id', id);
      expect(res.headers['x-request-id']).toBe(id);
      expect(res.body).toEqual({ error: { code: 'route_not_found', message: expect.any(String), requestId: id } });
      const longest = 'x'.repeat(128);
      expect((await api(ctx.app).get('/healthz').set('X-Request-Id', longest)).headers['x-request-id']).toBe(longest);
    });

    it.each([
      ['is too long', 'x'.repeat(129)],
      ['holds a space', 'two words'],
      ['holds a slash', 'a/b'],
      ['holds markup', '<script>'],
      ['holds a quote', 'id"; drop'],
      ['is empty', ''],
    ])('when the X-Request-Id %s, then it is replaced by a new UUID', async (_what, offered) => {
      const res = await api(ctx.app).get('/api/nope').set('X-Request-Id', offered);
      expect(res.headers['x-request-id']).toMatch(UUID);
      expect(res.body.error.requestId).toBe(res.headers['x-request-id']);
    });

    it('when no X-Request-Id is sent, then each request gets its own UUID, in the header and in error bodies', async () => {
      const first = await api(ctx.app).get('/api/payments/history');
      const second = await api(ctx.app).get('/api/payments/history');
      expect(first.status).toBe(401);
      expect(first.headers['x-request-id']).toMatch(UUID);
      expect(first.body.error.requestId).toBe(first.headers['x-request-id']);
      expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    });

    it("when a request is handled, then its request log line and the services' lines carry its id", async () => {
      const id = `webhook-${randomUUID()}`;
      const res = await api(ctx.app)
        .post('/api/payments/webhook/stripe')
        .set('X-Request-Id', id)
        .set('Stripe-Signature', 't=1,v1=00')
        .set('Content-Type', 'application/json')
        .send('{"id":"evt_1"}');
      expect([res.status, res.body.error.code, res.body.error.requestId]).toEqual([400, 'invalid_signature', id]);
      const mine = await eventually(async () => {
        const lines = logs.records().filter((r) => r.requestId === id);
        return lines.some((r) => r.msg === 'request') ? lines : undefined;
      });
      expect(mine.map((r) => r.msg)).toEqual(expect.arrayContaining(['webhook rejected', 'request']));
      expect(mine.find((r) => r.msg === 'request')).toMatchObject({
        status: 400,
        path: '/api/payments/webhook/stripe',
      });
    });
  });

  describe('a NUL byte in a registration', () => {
    it('when a name holds a NUL byte, then the answer is a 400 and no log line holds the email or the password hash', async () => {
      const email = `nul-${randomUUID()}@hardening.example`;
      const before = logs.lines.length;
      const res = await api(ctx.app)
        .post('/api/auth/register')
        .send({ email, password: 'correct horse battery', name: 'Bob\u0000Smith' });
      expect(res.status).toBeLessThan(500);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).not.toContain(email);
      await eventually(async () =>
        logs.lines.slice(before).some((l) => l.includes('"msg":"request"')) ? true : undefined,
      );
      const written = logs.lines.slice(before).join('');
      expect(written).not.toContain(email);
      expect(written).not.toMatch(SCRYPT_HASH);
      expect(written).not.toContain('correct horse battery');
      const [user] = await ctx.db.dataSource.query(`SELECT count(*)::int AS n FROM users WHERE email = $1`, [email]);
      expect(user.n).toBe(0);
    });

    it("when PostgreSQL itself refuses such a value, then TypeORM's error is logged without its SQL and parameters", async () => {
      const email = `direct-${randomUUID()}@hardening.example`;
      const caught = await ctx.db.dataSource
        .query(`INSERT INTO users (email, password_hash, name) VALUES ($1, $2, $3)`, [
          email,
          'scrypt$16384$8$1$c2FsdA==$a2V5',
          'a\u0000b',
        ])
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(caught).toMatchObject({ name: 'QueryFailedError', parameters: expect.arrayContaining([email]) });
      const local = captureLogs();
      local.logger.error({ err: caught }, 'insert failed');
      expect(local.text()).not.toContain(email);
      expect(local.text()).not.toMatch(SCRYPT_HASH);
      expect(local.text()).not.toContain('INSERT INTO');
      expect(local.records()[0].err).toMatchObject({ name: 'QueryFailedError', code: '22021' });
    });
  });

  describe('a webhook the database cannot store', () => {
    it('when a signed event holds a NUL escape, then the failed store is logged without the payload', async () => {
      const email = `payer-${randomUUID()}@hardening.example`;
      const body = JSON.stringify({
        id: `evt_${randomUUID().replaceAll('-', '')}`,
        object: 'event',
        type: 'customer.updated',
        created: Math.floor(Date.now() / 1000),
        data: { object: { id: 'cus_nul', object: 'customer', email, name: 'Null\u0000Byte' } },
      });
      const before = logs.lines.length;
      const res = await api(ctx.app)
        .post('/api/payments/webhook/stripe')
        .set('Content-Type', 'application/json')
        .set('Stripe-Signature', stripeSignature(body, ctx.config.stripe!.webhookSecret))
        .send(body);
      expect(res.status).toBeLessThan(500);
      await eventually(async () =>
        logs.lines.slice(before).some((l) => l.includes('"msg":"request"')) ? true : undefined,
      );
      const written = logs.lines.slice(before);
      // The store was tried and failed, and that was logged: by its ids, not its payload.
      expect(written.some((l) => l.includes('webhook processing failed'))).toBe(true);
      expect(written.join('')).not.toContain(email);
      expect(written.join('')).not.toContain('cus_nul');
    });
  });

  describe('the history cursor', () => {
    let token: string;
    beforeAll(async () => {
      token = (await ctx.createUser()).token;
    });
    const history = (cursor: string) =>
      api(ctx.app).get('/api/payments/history').query({ cursor }).auth(token, { type: 'bearer' });

    it.each([
      ['not base64', '!!!'],
      [
        'JSON, not a cursor',
        Buffer.from(JSON.stringify({ createdAt: '2025-01-01', id: randomUUID() })).toString('base64url'),
      ],
      ['month 13 and hour 25', encodeCursor('2025-13-45 25:61:61+00', randomUUID())],
      ['30 February', encodeCursor('2025-02-30 10:00:00+00', randomUUID())],
      ['29 February of a common year', encodeCursor('2025-02-29 10:00:00.5+00', randomUUID())],
      ['year 0', encodeCursor('0000-01-01 10:00:00+00', randomUUID())],
      ['a zone offset PostgreSQL refuses', encodeCursor('2025-01-01 10:00:00+16', randomUUID())],
      ['an id that is no uuid', encodeCursor('2025-01-01 10:00:00+00', 'not-a-uuid')],
      ['a third part', encodeCursor('2025-01-01 10:00:00+00', `${randomUUID()}|x`)],
    ])('when the cursor is %s, then 400 invalid_cursor, never 500', async (_what, cursor) => {
      const res = await history(cursor);
      expect([res.status, res.body.error?.code]).toEqual([400, 'invalid_cursor']);
      expect(res.body.error.details).toEqual([{ path: 'cursor', message: expect.any(String) }]);
    });

    it('when the cursor is well formed (a leap day, microseconds, an offset), then the page is answered', async () => {
      const res = await history(encodeCursor('2024-02-29 23:59:59.123456+05:30', randomUUID()));
      expect(res.status).toBe(200);
    });
  });

  describe('security headers', () => {
    it.each([
      ['the SPA index', '/'],
      ['a deep link', '/checkout/return?session_id=cs_test_1'],
      ['a static file', '/main.js'],
      ['an API answer', '/api/courses'],
      ['an API error', '/api/nope'],
    ])('when %s is served, then the strict CSP, Referrer-Policy and Permissions-Policy are set', async (_what, url) => {
      const res = await api(spaApp).get(url);
      expect(res.status).toBeLessThan(500);
      expect(directives(res.headers['content-security-policy'])).toEqual(EXPECTED_CSP);
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      const policy = res.headers['permissions-policy'];
      for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) {
        expect(policy).toContain(`${feature}=()`);
      }
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    });

    it('when the app is given a frontend folder, then a deep link is answered with its index.html', async () => {
      const res = await api(spaApp).get('/checkout/return?token=ORDER-1');
      expect(res.text).toContain('<app-root>');
    });

    it('when the inline checks see inline script and handlers, then they notice them', () => {
      expect('<script>alert(1)</script>').toMatch(INLINE_SCRIPT);
      expect('<link rel="stylesheet" href="s.css" media="print" onload="this.media=\'all\'">').toMatch(INLINE_HANDLER);
      expect('<script src="main.js" type="module"></script>').not.toMatch(INLINE_SCRIPT);
    });
  });
});
