import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../support/app-process';
import { launchBrowser, screenshot } from '../support/browser';

const TIMEOUT = 30_000;
const MONTHLY = 'All Access — Monthly';

describe('a student subscribes to a plan in the browser', { timeout: 300_000 }, () => {
  let app: RunningApp;
  let browser: Browser;

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ baseURL: app.baseUrl, viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(TIMEOUT);
    return { context, page: await context.newPage() };
  }

  async function register(page: Page, name: string): Promise<void> {
    await page.goto('/register');
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Email').fill(`${name.split(' ')[0].toLowerCase()}-${Date.now()}@example.com`);
    await page.getByLabel('Password').fill('a-long-password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByTestId('current-user').waitFor();
  }

  const monthlyCard = (page: Page) => page.locator('[data-testid="plan-card"][data-plan-slug="all-access-monthly"]');

  /** Opens /plans in EUR and clicks a subscribe button of the monthly plan. */
  async function subscribeToMonthly(page: Page, provider: 'stripe' | 'paypal'): Promise<void> {
    await page.getByTestId('nav-plans').click();
    await page.getByLabel('Currency').selectOption('EUR');
    const plan = monthlyCard(page);
    await plan.getByTestId('plan-price').filter({ hasText: '€' }).waitFor();
    assert.match(await plan.getByTestId('plan-price').innerText(), /€\d+\.\d{2} \/ month/);
    await plan.getByTestId(`subscribe-${provider}`).click();
  }

  /** The billing address our Checkout Sessions require, typed on the sandbox's Stripe page. */
  async function fillBillingAddress(page: Page): Promise<void> {
    await page.getByLabel('Name on card').fill('Sam Subscriber');
    await page.getByLabel('Address line 1').fill('1 Rue de la Paix');
    await page.getByLabel('City').fill('Paris');
    await page.getByLabel('Postal code').fill('75002');
    await page.getByLabel('Country').fill('FR');
  }

  async function openCourse(page: Page, title: string): Promise<void> {
    await page.getByTestId('nav-courses').click();
    await page.getByTestId('course-card').filter({ hasText: title }).getByTestId('course-link').click();
    await page.getByTestId('course-detail').waitFor();
  }

  async function expectPlanActive(page: Page): Promise<void> {
    await page.waitForURL(/\/subscriptions\/return\?/);
    await page.getByRole('heading', { name: 'Your plan is active' }).waitFor();
    assert.equal(await page.getByTestId('subscription-status').getAttribute('data-status'), 'active');
    assert.match(await page.getByTestId('plan-active').innerText(), new RegExp(MONTHLY));
  }

  it('when a new student subscribes monthly with card 4242, then the plan is active, they enroll in two courses, cancel at period end and resume', async () => {
    const { context, page } = await newPage();
    await register(page, 'Sam Subscriber');

    await subscribeToMonthly(page, 'stripe');
    await page.waitForURL(/\/c\/pay\/cs_test_/);
    await fillBillingAddress(page);
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.locator('#submit').click();

    await expectPlanActive(page);
    await screenshot(page, 'subscription-active');

    // Every course is included: enroll in two from their pages.
    for (const title of ['TypeScript Fundamentals', 'Payments Engineering']) {
      await openCourse(page, title);
      const included = page.getByTestId('included-in-plan');
      await included.waitFor();
      assert.match(await included.innerText(), /Included in your plan/);
      assert.equal(await page.getByTestId('buy-stripe').count(), 0);
      await included.getByRole('button', { name: 'Enroll' }).click();
      await page.getByTestId('enrolled-state').waitFor();
    }
    await screenshot(page, 'subscription-enrolled');
    await page.getByTestId('nav-learning').click();
    for (const title of ['TypeScript Fundamentals', 'Payments Engineering']) {
      await page.getByTestId('enrollment-item').filter({ hasText: title }).waitFor();
    }

    // The plans page knows the student is subscribed.
    await page.getByTestId('nav-plans').click();
    assert.match(await monthlyCard(page).getByTestId('subscribed-state').innerText(), /You are subscribed\./);
    assert.equal(await page.getByTestId('subscribe-stripe').count(), 0);
    await screenshot(page, 'plans-subscribed');

    await page.getByTestId('nav-subscription').click();
    const details = page.getByTestId('subscription-details');
    await details.waitFor();
    assert.equal(await page.getByTestId('subscription-plan').innerText(), MONTHLY);
    assert.match(await page.getByTestId('subscription-price').innerText(), /€\d+\.\d{2} \/ month/);
    assert.match(await page.getByTestId('next-renewal').innerText(), /€\d+\.\d{2} on \w{3} \d{1,2}, \d{4}/);
    assert.equal(await page.getByTestId('past-due-banner').count(), 0);
    await screenshot(page, 'subscription-page');

    // Cancel at the period end, after the confirm step.
    await page.getByTestId('cancel-subscription').click();
    const confirm = page.getByTestId('cancel-confirm');
    await confirm.waitFor();
    assert.match(await confirm.innerText(), /won't renew/);
    await page.getByTestId('confirm-cancel').click();
    const endsOn = page.getByTestId('ends-on');
    await endsOn.waitFor();
    assert.match(await endsOn.innerText(), /Ends on \w{3} \d{1,2}, \d{4}/);
    assert.equal(await page.getByTestId('next-renewal').count(), 0);
    await screenshot(page, 'subscription-canceling');

    // It survives a reload: the stored subscription says so too.
    await page.reload();
    await page.getByTestId('ends-on').waitFor();

    // Resume: it renews again.
    await page.getByTestId('resume-subscription').click();
    await page.getByTestId('next-renewal').waitFor();
    assert.equal(await page.getByTestId('ends-on').count(), 0);
    await page.getByTestId('cancel-subscription').waitFor();
    await page.reload();
    await page.getByTestId('next-renewal').waitFor();
    assert.equal(await page.getByTestId('ends-on').count(), 0);
    await screenshot(page, 'subscription-resumed');
    await context.close();
  });

  it('when a student subscribes with PayPal and approves, then the plan is active', async () => {
    const { context, page } = await newPage();
    await register(page, 'Pat Paypal');

    await subscribeToMonthly(page, 'paypal');
    await page.waitForURL(/\/webapps\/billing\/subscriptions/);
    await page.getByRole('button', { name: 'Agree & Subscribe' }).click();

    await expectPlanActive(page);
    await page.getByTestId('go-to-subscription').click();
    await page.getByTestId('subscription-details').waitFor();
    assert.equal(await page.getByTestId('subscription-provider').innerText(), 'PayPal');
    assert.match(await page.getByTestId('subscription-status-label').innerText(), /Active|Free trial/);

    // PayPal's cancel wording, without canceling.
    await page.getByTestId('cancel-subscription').click();
    assert.match(await page.getByTestId('cancel-confirm-text').innerText(), /PayPal stops billing at once/);
    await page.getByTestId('keep-subscription').click();
    await page.getByTestId('cancel-subscription').waitFor();
    await screenshot(page, 'subscription-paypal-active');
    await context.close();
  });
});
