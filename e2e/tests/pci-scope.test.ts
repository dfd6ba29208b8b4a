import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { TEST_CARDS } from '../../sandbox/src/stripe/cards';
import { launchBrowser, screenshot } from '../support/browser';
import {
  fleetJwtSecret,
  startAppProcess,
  startSandboxProcess,
  type AppProcess,
  type SandboxProcess,
} from '../support/fleet';
import { freshDatabase, type TestDatabase } from '../support/postgres';

const TIMEOUT = 30_000;
/** What the buyer types in the hosted page's "Expiry (MM / YY) and CVC" field. */
const EXPIRY_AND_CVC = '12 / 34 987';

/**
 * SAQ A holds only while no card data reaches the product. A student buys with cards typed on
 * the provider's hosted page (a success, a decline, a 3-D Secure challenge), with the provider a
 * process of its own as in production and the app logging everything it can (LOG_LEVEL=trace);
 * then every text column of every table and the app's whole log are searched for the card
 * numbers and anything that looks like a CVC.
 */
describe('no card data reaches the product (PCI DSS SAQ A)', { timeout: 300_000 }, () => {
  let db: TestDatabase;
  let sandbox: SandboxProcess;
  let app: AppProcess;
  let browser: Browser;
  let page: Page;

  before(async () => {
    db = await freshDatabase();
    sandbox = await startSandboxProcess({});
    app = await startAppProcess({
      role: 'all',
      databaseUrl: db.url,
      sandbox,
      jwtSecret: fleetJwtSecret(),
      env: { LOG_LEVEL: 'trace' },
    });
    await sandbox.sendWebhooksTo(app.baseUrl);
    browser = await launchBrowser();
    const context = await browser.newContext({ baseURL: app.baseUrl, viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(TIMEOUT);
    page = await context.newPage();
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    await sandbox?.stop();
    await db?.drop();
  });

  async function buyWithCard(course: string, card: string): Promise<void> {
    await page.getByTestId('nav-courses').click();
    await page.getByTestId('course-card').filter({ hasText: course }).getByTestId('course-link').click();
    await page.getByTestId('course-detail').waitFor();
    // Our pages never ask for a card: the checkout only redirects to the provider.
    assert.equal(await page.locator('input[autocomplete^="cc-"]').count(), 0, 'no card field on our page');
    await page.getByRole('button', { name: 'Buy with Stripe' }).click();
    await page.waitForURL(/\/c\/pay\/cs_test_/);
    assert.equal(new URL(page.url()).origin, sandbox.stripeUrl, 'the card form is served by the provider');
    await page.getByLabel('Card number').fill(card);
    await page.getByLabel('Expiry (MM / YY) and CVC').fill(EXPIRY_AND_CVC);
    await page.getByLabel('Name on card').fill('Pat Cardholder');
    await page.getByLabel('Address line 1').fill('1 Rue de la Paix');
    await page.getByLabel('City').fill('Paris');
    await page.getByLabel('Postal code').fill('75002');
    await page.getByLabel('Country').fill('FR');
    await page.locator('#submit').click();
  }

  it('when a student pays on the hosted page with a good, a declined and a 3-D Secure card, then no card number or CVC is in the database or the logs', async () => {
    const email = `pat-${Date.now()}@example.com`;
    await page.goto('/register');
    await page.getByLabel('Name').fill('Pat Cardholder');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a-long-password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByTestId('current-user').waitFor();

    await buyWithCard('TypeScript Fundamentals', '4242 4242 4242 4242');
    await page.getByRole('heading', { name: "You're enrolled" }).waitFor();

    await buyWithCard('Payments Engineering', '4000 0000 0000 0002');
    await page
      .getByText(/declined/i)
      .first()
      .waitFor();

    await page.goto('/');
    await buyWithCard('PostgreSQL for Developers', '4000 0027 6000 3184');
    await page.waitForURL(/\/c\/3ds\//);
    await page.locator('#complete').click();
    await page.getByRole('heading', { name: "You're enrolled" }).waitFor();
    await screenshot(page, 'pci-3ds-enrolled');

    // The web app's policy lets scripts come only from our origin: no injected skimmer runs.
    const spa = await fetch(`${app.baseUrl}/`);
    const scripts = /script-src ([^;]*)/.exec(spa.headers.get('content-security-policy') ?? '')?.[1] ?? '';
    assert.match(scripts, /'self'/);
    assert.doesNotMatch(scripts, /'unsafe-inline'|'unsafe-eval'|\*/);

    // Both sales are recorded and invoiced, so their snapshots are in the dump too.
    await eventually(async () => {
      const [row] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM invoices WHERE kind = 'invoice' AND number IS NOT NULL`,
      );
      return row.n === 2;
    });

    const dump = await textOfEveryTable(db);
    const logs = app.logs();
    // The search looks at the right data: provider payloads with the card's display details, and request logs.
    assert.match(dump, /checkout\.session\.completed/);
    assert.ok(dump.includes(email), 'the dump holds the student');
    assert.match(dump, /"last4": ?"4242"/, 'the dump holds the card display data the provider sent');
    assert.match(logs, /webhook\/stripe/, 'the logs hold the webhook request lines');

    for (const [where, text] of [
      ['the database', dump],
      ['the logs', logs],
    ] as const) {
      assert.deepEqual(cardDataIn(text), [], `card data in ${where}`);
    }
  });
});

/** Every card number in the sandbox's table, as digits, in groups of four, and with dashes; CVC-named fields; what was typed in the expiry and CVC field. */
function cardDataIn(text: string): string[] {
  const found: string[] = [];
  for (const { number } of TEST_CARDS) {
    const groups = number.match(/.{1,4}/g) ?? [];
    for (const form of [number, groups.join(' '), groups.join('-')]) if (text.includes(form)) found.push(form);
  }
  if (text.includes(EXPIRY_AND_CVC)) found.push(EXPIRY_AND_CVC);
  const cvcField = /["']?\b(?:cvc|cvv|cvc2|cvv2|cid|security_?code|card_?number|pan)["']?\s*[:=]\s*["']?\d/gi;
  found.push(...(text.match(cvcField) ?? []));
  return found;
}

/** One line per row of every table in every schema of ours (pg-boss's jobs too): all columns but binary ones. */
async function textOfEveryTable(db: TestDatabase): Promise<string> {
  const tables = await db.query<{ schema: string; table: string; columns: string[] }>(
    `SELECT c.table_schema AS schema, c.table_name AS table, array_agg(c.column_name::text) AS columns
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
        AND c.data_type <> 'bytea'
      GROUP BY c.table_schema, c.table_name`,
  );
  assert.ok(tables.some((t) => t.table === 'webhook_events') && tables.some((t) => t.table === 'audit_logs'));
  const lines: string[] = [];
  for (const { schema, table, columns } of tables) {
    const list = columns.map((column) => `"${column}"`).join(', ');
    const rows = await db.query<{ row: string }>(
      `SELECT row_to_json(r)::text AS row FROM (SELECT ${list} FROM "${schema}"."${table}") r`,
    );
    lines.push(...rows.map((r) => `${schema}.${table} ${r.row}`));
  }
  return lines.join('\n');
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
