import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../support/app-process';
import { launchBrowser, screenshot } from '../support/browser';

const TIMEOUT = 30_000;
/** The seeded admin (backend/src/db/seed.ts). */
const ADMIN = { email: 'admin@example.com', password: 'admin-password' };

describe('an admin works in the admin console', { timeout: 600_000 }, () => {
  let app: RunningApp;
  let browser: Browser;

  before(async () => {
    // Two attempts, so an event that keeps failing is filed `failed` within seconds.
    app = await startApp({ env: { WEBHOOK_MAX_ATTEMPTS: '2' } });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  /** A page at 1024 px, the narrowest desktop width the admin pages are made for. */
  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ baseURL: app.baseUrl, viewport: { width: 1024, height: 800 } });
    context.setDefaultTimeout(TIMEOUT);
    return { context, page: await context.newPage() };
  }

  async function logInAsAdmin(): Promise<Page> {
    const { page } = await newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('current-user').waitFor();
    return page;
  }

  async function registerStudent(name: string): Promise<{ page: Page; email: string }> {
    const { page } = await newPage();
    const email = `${name.split(' ')[0].toLowerCase()}-${Date.now()}@example.com`;
    await page.goto('/register');
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a-long-password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByTestId('current-user').waitFor();
    return { page, email };
  }

  /** Buys a course in EUR on the sandbox's Stripe page with card 4242; returns at our return page. */
  async function buyWithStripe(page: Page, title: string): Promise<void> {
    await page.getByTestId('nav-courses').click();
    await page.getByLabel('Currency').selectOption('EUR');
    await page.getByTestId('course-card').filter({ hasText: title }).getByTestId('course-link').click();
    await page.getByTestId('course-detail').waitFor();
    await page.getByRole('button', { name: 'Buy with Stripe' }).click();
    await page.waitForURL(/\/c\/pay\/cs_test_/);
    await page.getByLabel('Name on card').fill('Erin Student');
    await page.getByLabel('Address line 1').fill('1 Rue de la Paix');
    await page.getByLabel('City').fill('Paris');
    await page.getByLabel('Postal code').fill('75002');
    await page.getByLabel('Country').fill('FR');
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.locator('#submit').click();
    await page.waitForURL(/\/checkout\/return/);
  }

  async function learningTitles(page: Page): Promise<string[]> {
    // A fresh load: the student may be on this page already, whose list was read before the change.
    await page.goto('/account/learning');
    await page.getByTestId('learning-empty').or(page.getByTestId('enrollment-item').first()).waitFor();
    return page.getByTestId('enrollment-item').allInnerTexts();
  }

  /** Reloads until `locator` shows up: background work (credit notes, retries) lands within seconds. */
  async function reloadUntilVisible(page: Page, locator: Locator, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await locator.first().waitFor({ timeout: 2_000 });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await page.reload();
      }
    }
  }

  /** Refunds through the dialog: the rest when `amount` is absent, else that part (major units). */
  async function refundThroughDialog(page: Page, reason: string, amount?: string): Promise<string> {
    await page.getByTestId('refund-button').click();
    if (amount) {
      await page.getByTestId('refund-partial').getByRole('radio').check();
      await page.getByTestId('refund-amount').fill(amount);
    } else {
      await page.getByTestId('refund-full').getByRole('radio').check();
    }
    await page.getByTestId('refund-reason').fill(reason);
    await page.getByTestId('refund-continue').click();
    const confirmation = await page.getByTestId('refund-confirm-text').innerText();
    await page.getByTestId('refund-confirm').click();
    await page.getByTestId('refund-outcome').waitFor();
    await page.getByTestId('refund-close').click();
    return confirmation;
  }

  it("when an admin finds a student's payment by email and refunds part of it, then the timeline shows the refund and its credit note and the student keeps the course until the rest is refunded", async () => {
    const student = await registerStudent('Refunda Student');
    await buyWithStripe(student.page, 'TypeScript Fundamentals');
    await student.page.getByRole('heading', { name: "You're enrolled" }).waitFor();

    const admin = await logInAsAdmin();
    await admin.getByTestId('nav-admin').click();
    await admin.getByTestId('payment-search-form').waitFor();
    await admin.getByTestId('search-q').fill(student.email);
    await admin.getByTestId('search-submit').click();
    const rows = admin.getByTestId('admin-payment-row');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 1);
    assert.match(await rows.first().getByTestId('row-email').innerText(), new RegExp(student.email));
    assert.match(await rows.first().getByTestId('row-amount').innerText(), /€45\.00/);
    await rows.first().getByTestId('payment-link').click();

    await admin.getByTestId('timeline').waitFor();
    assert.match(await admin.getByTestId('summary-refundable').innerText(), /€45\.00/);
    const confirmation = await refundThroughDialog(admin, 'Module 3 was missing', '10.50');
    assert.match(confirmation, /€10\.50/);
    assert.match(confirmation, /€45\.00/);
    assert.match(confirmation, new RegExp(student.email));

    const timeline = admin.getByTestId('timeline-entry');
    await reloadUntilVisible(admin, timeline.filter({ hasText: /Credit note/ }));
    const refundEntries = admin.locator('[data-testid="timeline-entry"][data-kind="refund"]');
    assert.ok((await refundEntries.filter({ hasText: /€10\.50/ }).count()) > 0, 'the refund is on the timeline');
    assert.ok((await refundEntries.filter({ hasText: ADMIN.email }).count()) > 0, 'with the admin who made it');
    assert.ok((await admin.locator('[data-testid="timeline-entry"][data-kind="provider_event"]').count()) > 0);
    assert.match(await admin.getByTestId('summary-refundable').innerText(), /€34\.50/);
    await screenshot(admin, 'admin-partial-refund-timeline');

    // A partial refund keeps the course (REFUND_REVOKES_ACCESS=full).
    assert.deepEqual(
      (await learningTitles(student.page)).filter((t) => t.includes('TypeScript Fundamentals')).length,
      1,
    );

    await refundThroughDialog(admin, 'Refunding the rest');
    const accessEntries = admin.locator('[data-testid="timeline-entry"][data-kind="access"]');
    await reloadUntilVisible(admin, accessEntries.filter({ hasText: /revoked/i }));
    assert.match(await admin.getByTestId('summary-label').innerText(), /refunded/i);
    await assert.doesNotReject(admin.getByTestId('refund-blocked').waitFor());
    await screenshot(admin, 'admin-full-refund-timeline');

    assert.deepEqual(
      (await learningTitles(student.page)).filter((t) => t.includes('TypeScript Fundamentals')),
      [],
    );
    await screenshot(student.page, 'admin-refunded-student-learning');
  });

  it('when a webhook event failed, then an admin replays it from the inbox and sees it processed', async () => {
    // A fault an operator could meet: a bad deploy left a constraint that refuses every new enrollment.
    const db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    try {
      await db.query(`ALTER TABLE enrollments ADD CONSTRAINT e2e_refuse_enrollments CHECK (false) NOT VALID`);
      const student = await registerStudent('Replaya Student');
      await buyWithStripe(student.page, 'PostgreSQL for Developers');

      const admin = await logInAsAdmin();
      await admin.goto('/admin/webhooks?status=failed&type=checkout.session.completed');
      const failed = admin.getByTestId('webhook-event');
      await reloadUntilVisible(admin, failed);
      assert.match(await failed.first().getByTestId('webhook-error').innerText(), /violates check constraint/);
      await screenshot(admin, 'admin-webhook-failed');

      // The fix is deployed; the admin replays the event.
      await db.query(`ALTER TABLE enrollments DROP CONSTRAINT e2e_refuse_enrollments`);
      await failed.first().getByTestId('webhook-replay').click();
      const outcome = failed.first().getByTestId('webhook-replay-outcome');
      await outcome.waitFor();
      assert.equal(await outcome.getAttribute('data-outcome'), 'processed');
      assert.equal(await failed.first().getAttribute('data-status'), 'processed');
      await screenshot(admin, 'admin-webhook-replayed');

      assert.ok((await learningTitles(student.page)).some((t) => t.includes('PostgreSQL for Developers')));
    } finally {
      await db.query(`ALTER TABLE enrollments DROP CONSTRAINT IF EXISTS e2e_refuse_enrollments`).catch(() => undefined);
      await db.end();
    }
  });

  it("when an admin opens the revenue page, then it draws each currency's chart with the day's sales", async () => {
    const admin = await logInAsAdmin();
    await admin.getByTestId('nav-admin').click();
    await admin.getByTestId('admin-nav-revenue').click();
    const chart = admin.getByTestId('revenue-chart-EUR');
    await chart.waitFor();
    const eur = admin.locator('[data-testid="revenue-total-row"][data-currency="EUR"]');
    // The earlier tests' sales today: €45.00 refunded in full (and the replayed one).
    assert.ok(Number(await eur.getByTestId('revenue-count').innerText()) >= 1);
    assert.match(await eur.getByTestId('revenue-refunds').innerText(), /45\.00/);
    assert.ok((await chart.getAttribute('aria-label'))?.includes('EUR'));
    // The canvas holds drawn pixels, not an empty box.
    const drawn = await chart.evaluate((element) => {
      const canvas = element as unknown as {
        width: number;
        height: number;
        getContext(
          kind: '2d',
        ): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
      };
      const context = canvas.getContext('2d');
      if (!context || canvas.width === 0 || canvas.height === 0) return 0;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted += 1;
      return painted;
    });
    assert.ok(drawn > 100, `the chart drew ${drawn} pixels`);
    await screenshot(admin, 'admin-revenue');
  });

  it('when a student opens /admin, then they are sent away and see no admin menu', async () => {
    const student = await registerStudent('Curious Student');
    await student.page.goto('/admin/payments');
    await student.page.waitForURL((url) => !url.pathname.startsWith('/admin'));
    assert.equal(await student.page.getByTestId('nav-admin').count(), 0);
    assert.equal(await student.page.getByTestId('admin-nav').count(), 0);
    await screenshot(student.page, 'admin-student-sent-away');
  });
});
