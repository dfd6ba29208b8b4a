import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../support/app-process';
import { launchBrowser, screenshot } from '../support/browser';

const TIMEOUT = 30_000;

describe('a student buys courses in the browser', { timeout: 300_000 }, () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  /** What Chromium refused under our Content-Security-Policy, on any page of this file's run. */
  const cspViolations: string[] = [];

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
    const context = await browser.newContext({ baseURL: app.baseUrl, viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(TIMEOUT);
    page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  /** The billing address our Checkout Sessions require, typed on the sandbox's Stripe page. */
  async function fillBillingAddress(): Promise<void> {
    await page.getByLabel('Name on card').fill('Erin Student');
    await page.getByLabel('Address line 1').fill('1 Rue de la Paix');
    await page.getByLabel('City').fill('Paris');
    await page.getByLabel('Postal code').fill('75002');
    await page.getByLabel('Country').fill('FR');
  }

  async function openCourse(title: string): Promise<void> {
    await page.getByTestId('nav-courses').click();
    await page.getByTestId('course-card').filter({ hasText: title }).getByTestId('course-link').click();
    await page.getByTestId('course-detail').waitFor();
  }

  it('when the built SPA is served, then it has no inline script and its CSP allows scripts from our origin only', async () => {
    const res = await fetch(`${app.baseUrl}/`);
    const html = await res.text();
    assert.match(html, /<app-root/);
    assert.doesNotMatch(html, /<script\b(?![^>]*\bsrc\s*=)[^>]*>/i, 'no inline <script>');
    assert.doesNotMatch(html, /<[^>]+\son[a-z]+\s*=/i, 'no inline event handler');
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /(^|;)\s*script-src 'self'(;|$)/);
    assert.match(csp, /(^|;)\s*script-src-attr 'none'(;|$)/);
    assert.match(csp, /(^|;)\s*frame-ancestors 'none'(;|$)/);
  });

  it('when a new student registers, picks EUR and pays with card 4242, then they are enrolled and see the payment', async () => {
    await page.goto('/register');
    await page.getByLabel('Name').fill('Erin Student');
    await page.getByLabel('Email').fill(`erin-${Date.now()}@example.com`);
    await page.getByLabel('Password').fill('a-long-password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByTestId('current-user').waitFor();

    await page.getByTestId('nav-courses').click();
    await page.getByLabel('Currency').selectOption('EUR');
    const card = page.getByTestId('course-card').filter({ hasText: 'TypeScript Fundamentals' });
    await assert.doesNotReject(card.getByTestId('course-price').filter({ hasText: '€45.00' }).waitFor());

    await openCourse('TypeScript Fundamentals');
    await page.getByRole('button', { name: 'Buy with Stripe' }).click();
    await page.waitForURL(/\/c\/pay\/cs_test_/);
    assert.match(await page.getByTestId('total').innerText(), /€45\.00/);
    await fillBillingAddress();
    await page.getByLabel('Tax ID type').selectOption('eu_vat');
    await page.getByLabel('Tax ID', { exact: true }).fill('FR40303265045');
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.locator('#submit').click();

    await page.waitForURL(/\/checkout\/return/);
    await page.getByRole('heading', { name: "You're enrolled" }).waitFor();
    assert.equal(await page.getByTestId('payment-status').getAttribute('data-status'), 'completed');

    // The invoice is issued within seconds; the confirmation offers it as a real file download.
    const invoiceButton = page.getByTestId('download-invoice').getByTestId('download-document');
    await invoiceButton.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), invoiceButton.click()]);
    const fileName = download.suggestedFilename();
    assert.match(fileName, /^INV-\d{4}-\d{6}\.pdf$/);
    const pdf = await readFile((await download.path())!);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');

    await page.getByTestId('nav-invoices').click();
    const invoiceRow = page.getByTestId('invoice-row').filter({ hasText: fileName.replace('.pdf', '') });
    await invoiceRow.waitFor();
    assert.match(await invoiceRow.getByTestId('invoice-total').innerText(), /€45\.00/);
    await screenshot(page, 'invoices-page');

    await page.getByTestId('nav-learning').click();
    await page.getByTestId('enrollment-item').filter({ hasText: 'TypeScript Fundamentals' }).waitFor();

    await page.getByTestId('nav-payments').click();
    const row = page.getByTestId('payment-row').first();
    await row.waitFor();
    assert.equal(await row.getAttribute('data-status'), 'completed');
    assert.match(await row.getByTestId('payment-amount').innerText(), /€45\.00/);
    assert.match(await row.getByTestId('payment-provider').innerText(), /stripe/i);
    await screenshot(page, 'stripe-success-history');
  });

  it('when the card 4000 0000 0000 0002 is declined, then the decline is shown and the student is not enrolled', async () => {
    await openCourse('Payments Engineering');
    await page.getByRole('button', { name: 'Buy with Stripe' }).click();
    await page.waitForURL(/\/c\/pay\/cs_test_/);
    await fillBillingAddress();
    await page.getByLabel('Card number').fill('4000 0000 0000 0002');
    await page.locator('#submit').click();
    await page
      .getByText(/declined/i)
      .first()
      .waitFor();
    await screenshot(page, 'stripe-declined-hosted-page');

    await page.goto('/account/payments');
    const failed = page.locator('[data-testid="payment-row"][data-status="failed"]');
    await failed.first().waitFor();
    assert.match(await failed.first().innerText(), /Payments Engineering/);

    await openCourse('Payments Engineering');
    await page.getByRole('button', { name: 'Buy with Stripe' }).waitFor();
    assert.equal(await page.getByTestId('enrolled-state').count(), 0);
    await page.goto('/account/learning');
    await page.getByTestId('enrollment-item').first().waitFor();
    assert.equal(await page.getByTestId('enrollment-item').filter({ hasText: 'Payments Engineering' }).count(), 0);
    await screenshot(page, 'stripe-declined-not-enrolled');
  });

  it('when a declined card is followed by a good one in the same checkout, then the student ends enrolled', async () => {
    await openCourse('PostgreSQL for Developers');
    await page.getByRole('button', { name: 'Buy with Stripe' }).click();
    await page.waitForURL(/\/c\/pay\/cs_test_/);
    await fillBillingAddress();
    await page.getByLabel('Card number').fill('4000 0000 0000 9995');
    await page.locator('#submit').click();
    await page
      .getByText(/insufficient funds|declined/i)
      .first()
      .waitFor();
    // The page keeps the billing address typed before the decline.
    assert.equal(await page.getByLabel('City').inputValue(), 'Paris');
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.locator('#submit').click();
    await page.waitForURL(/\/checkout\/return/);
    await page.getByRole('heading', { name: "You're enrolled" }).waitFor();
    await screenshot(page, 'stripe-retry-after-decline');
  });

  it('when the student pays with PayPal and approves, then the order is captured and they are enrolled', async () => {
    await openCourse('Testing Node.js Services');
    await page.getByRole('button', { name: 'Pay with PayPal' }).click();
    await page.waitForURL(/checkoutnow/);
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(/\/checkout\/return/);
    await page.getByRole('heading', { name: "You're enrolled" }).waitFor();

    await openCourse('Testing Node.js Services');
    await page.getByTestId('enrolled-state').waitFor();
    await screenshot(page, 'paypal-enrolled');
  });

  it('when the student picks KWD, which PayPal does not take, then "Pay with PayPal" is disabled with the reason and Stripe stays available', async () => {
    await page.getByTestId('nav-courses').click();
    await page.getByLabel('Currency').selectOption('KWD');
    await openCourse('Web Security Essentials');
    // 69.00 USD at the demo rate 0.30712 = 21.19128 KWD -> 21.190 (Stripe's tens of fils)
    await page.getByTestId('course-price').filter({ hasText: '21.190' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Pay with PayPal' }).isDisabled(), true);
    assert.equal(await page.getByRole('button', { name: 'Buy with Stripe' }).isDisabled(), false);
    assert.match(await page.getByTestId('unavailable-paypal').innerText(), /PayPal does not accept payments in KWD/);
    await screenshot(page, 'kwd-paypal-unavailable');
  });
});
