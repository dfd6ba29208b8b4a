import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../support/app-process';
import { launchBrowser, screenshot } from '../support/browser';

const TIMEOUT = 30_000;
/** The seeded demo login (backend/src/db/seed.ts), as the banner prints it. */
const STUDENT = { email: 'student@example.com', password: 'student-password' };
const COURSE = 'TypeScript Fundamentals';

describe('the development mail catcher shows the receipt of a purchase', { timeout: 300_000 }, () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
    const context = await browser.newContext({ baseURL: app.baseUrl, viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(TIMEOUT);
    page = await context.newPage();
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  /** The catcher's row for the receipt, reloading its page (the "Refresh" link) until it is there. */
  async function receiptRow(): Promise<Locator> {
    const deadline = Date.now() + 90_000;
    await page.goto(app.mailUrl);
    for (;;) {
      const row = page.getByTestId('message-row').filter({ hasText: COURSE }).filter({ hasText: STUDENT.email });
      if ((await row.count()) > 0) return row;
      if (Date.now() > deadline)
        throw new Error(`no receipt in the mail catcher within 90 s:\n${app.logs().slice(-4000)}`);
      await page.waitForTimeout(1_000);
      await page.getByRole('link', { name: 'Refresh' }).click();
    }
  }

  it('when the app starts without SMTP_URL, then the banner points at the catcher and its page has no mail yet', async () => {
    assert.match(app.mailUrl, /^http:\/\/localhost:\d+$/);
    assert.match(
      app.logs(),
      /Mail: caught locally, open http:\/\/localhost:\d+ \(SMTP on port \d+\); nothing leaves this machine/,
    );
    const res = await page.goto(app.mailUrl);
    assert.equal(res?.status(), 200);
    assert.match(res?.headers()['content-security-policy'] ?? '', /default-src 'none'/);
    await page.getByText('No mail caught yet. Messages the app sends appear here.').waitFor();
  });

  it('when the demo student buys a course with card 4242, then the catcher shows one receipt to them with the course in its subject and the invoice PDF attached', async () => {
    await page.goto('/login');
    await page.getByLabel('Email').fill(STUDENT.email);
    await page.getByLabel('Password').fill(STUDENT.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('current-user').waitFor();

    await page.getByTestId('nav-courses').click();
    await page.getByTestId('course-card').filter({ hasText: COURSE }).getByTestId('course-link').click();
    await page.getByTestId('course-detail').waitFor();
    await page.getByRole('button', { name: 'Buy with Stripe' }).click();
    await page.waitForURL(/\/c\/pay\/cs_test_/);
    await page.getByLabel('Name on card').fill('Demo Student');
    await page.getByLabel('Address line 1').fill('1 Rue de la Paix');
    await page.getByLabel('City').fill('Paris');
    await page.getByLabel('Postal code').fill('75002');
    await page.getByLabel('Country').fill('FR');
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.locator('#submit').click();
    await page.waitForURL(/\/checkout\/return/);
    await page.getByRole('heading', { name: "You're enrolled" }).waitFor();

    // The mail catcher's page, in the same browser: the receipt arrives after the payment commits.
    const row = await receiptRow();
    assert.equal(await row.count(), 1, 'one receipt for the purchase');
    await screenshot(page, 'mail-catcher-list');
    await row.getByRole('link').click();
    await page.waitForURL(/\/messages\/\d+$/);

    assert.match(await page.getByTestId('subject').innerText(), new RegExp(COURSE));
    assert.ok((await page.getByTestId('to').innerText()).includes(STUDENT.email), 'addressed to the student');
    // The message's own HTML, shown only inside the sandboxed frame, names the course too.
    const frame = page.locator('iframe[sandbox]');
    assert.equal(await frame.getAttribute('sandbox'), '');
    await page.frameLocator('iframe[sandbox]').getByText(COURSE, { exact: true }).first().waitFor();

    const attachment = page.getByTestId('attachment').filter({ hasText: /INV-\d{4}-\d{6}\.pdf/ });
    await attachment.waitFor();
    assert.match(await attachment.innerText(), /application\/pdf/);
    await screenshot(page, 'mail-catcher-receipt');
    const [download] = await Promise.all([page.waitForEvent('download'), attachment.getByRole('link').click()]);
    assert.match(download.suggestedFilename(), /^INV-\d{4}-\d{6}\.pdf$/);
    const pdf = await readFile((await download.path())!);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  });

  it('when a few more seconds pass, then no second receipt for that purchase arrives', async () => {
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const res = await fetch(`${app.mailUrl}/api/messages`);
    const { data } = (await res.json()) as { data: { subject: string; to: string[] }[] };
    const receipts = data.filter((m) => m.subject.includes(COURSE) && m.to.some((to) => to.includes(STUDENT.email)));
    assert.equal(receipts.length, 1, JSON.stringify(data.map((m) => [m.subject, m.to])));
  });
});
