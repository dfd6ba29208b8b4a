import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../support/app-process';
import { launchBrowser, screenshot } from '../support/browser';

const TIMEOUT = 30_000;
/** The seeded student (backend/src/db/seed.ts): every run starts from a fresh database. */
const STUDENT = { email: 'student@example.com', password: 'student-password' };

describe('a student saves payment methods in the browser', { timeout: 300_000 }, () => {
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

  /** A logged-in student at 1024 px, the narrowest desktop width the account pages are made for. */
  async function loggedInPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ baseURL: app.baseUrl, viewport: { width: 1024, height: 800 } });
    context.setDefaultTimeout(TIMEOUT);
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill(STUDENT.email);
    await page.getByLabel('Password').fill(STUDENT.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('current-user').waitFor();
    return { context, page };
  }

  async function openPaymentMethods(page: Page): Promise<void> {
    await page.getByTestId('nav-payment-methods').click();
    await page.getByRole('heading', { name: 'Payment methods', level: 1 }).waitFor();
    await page.getByTestId('loading').waitFor({ state: 'detached' });
  }

  const method = (page: Page, label: string): Locator =>
    page
      .getByTestId('payment-method')
      .filter({ has: page.getByTestId('method-label').getByText(label, { exact: true }) });

  /** The notice the page shows after a step, once it says `text`. */
  async function expectNotice(page: Page, text: string): Promise<void> {
    await page.getByTestId('payment-methods-notice').filter({ hasText: text }).waitFor();
  }

  /**
   * The billing fields the sandbox's Stripe page asks for depend on the session (a setup, a course
   * with tax ID collection…): fill the ones it shows.
   */
  async function fillBillingAddressIfAsked(page: Page): Promise<void> {
    const fields: [string, string][] = [
      ['Name on card', 'Demo Student'],
      ['Address line 1', '1 Rue de la Paix'],
      ['City', 'Paris'],
      ['Postal code', '75002'],
      ['Country', 'FR'],
    ];
    for (const [label, value] of fields) {
      const field = page.getByLabel(label, { exact: true });
      if ((await field.count()) > 0 && (await field.isVisible())) await field.fill(value);
    }
  }

  /** "Add card", then the card typed and saved on the sandbox's Stripe setup page, back on our page. */
  async function addCard(page: Page, cardNumber: string, expectedLabel: string): Promise<void> {
    await page.getByTestId('add-stripe').click();
    const cardField = page.getByLabel('Card number');
    await cardField.waitFor();
    assert.notEqual(new URL(page.url()).origin, app.baseUrl, 'the card is typed on the provider page, not ours');
    await cardField.fill(cardNumber);
    await fillBillingAddressIfAsked(page);
    const save = page.locator('#submit');
    assert.match(await save.innerText(), /save/i);
    await save.click();

    await page.waitForURL(/\/account\/payment-methods/);
    await expectNotice(page, `${expectedLabel} saved.`);
    await method(page, expectedLabel).waitFor();
    // The return's parameters are gone, so a reload does not complete the setup again.
    await page.waitForURL((url) => url.pathname === '/account/payment-methods' && url.search === '');
  }

  async function openCourse(page: Page, title: string): Promise<void> {
    await page.getByTestId('nav-courses').click();
    await page.getByTestId('course-card').filter({ hasText: title }).getByTestId('course-link').click();
    await page.getByTestId('course-detail').waitFor();
  }

  async function expectEnrolled(page: Page): Promise<void> {
    await page.waitForURL(/\/checkout\/return/);
    await page.getByRole('heading', { name: "You're enrolled" }).waitFor();
    assert.equal(await page.getByTestId('payment-status').getAttribute('data-status'), 'completed');
  }

  it('when the student saves card 4242 on Stripe, makes another card the default, pays a course with the saved card and removes it, then the page shows each step', async () => {
    const { context, page } = await loggedInPage();
    await openPaymentMethods(page);
    assert.match(await page.getByTestId('payment-methods-empty').innerText(), /No saved payment methods yet/);

    await addCard(page, '4242 4242 4242 4242', 'Visa •••• 4242');
    const visa = method(page, 'Visa •••• 4242');
    assert.equal(await visa.getAttribute('data-provider'), 'stripe');
    assert.equal(await visa.getByTestId('method-brand').getAttribute('data-brand'), 'visa');
    assert.match(await visa.getByTestId('method-expiry').innerText(), /^Expires \d{2}\/\d{4}$/);
    // The first card at Stripe becomes its default.
    await visa.getByTestId('method-default').waitFor();
    // A string: it runs in the page, and these tests are type-checked without the DOM library.
    const noOverflow = await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');
    assert.equal(noOverflow, true, 'the page fits 1024 px without scrolling sideways');
    await screenshot(page, 'payment-methods-card-saved');

    // A second card, then the default moves to it: one default among the cards.
    await addCard(page, '5555 5555 5555 4444', 'Mastercard •••• 4444');
    const mastercard = method(page, 'Mastercard •••• 4444');
    assert.equal(await mastercard.getByTestId('method-default').count(), 0);
    await mastercard.getByTestId('make-default').click();
    await expectNotice(page, 'Mastercard •••• 4444 is now your default card.');
    await mastercard.getByTestId('method-default').waitFor();
    assert.equal(await visa.getByTestId('method-default').count(), 0);
    await visa.getByTestId('make-default').waitFor();
    const cards = page.locator('[data-testid="method-group"][data-provider="stripe"]');
    assert.equal(await cards.getByTestId('method-default').count(), 1);
    // It is the provider's state too, not only the page's: it survives a reload.
    await page.reload();
    await method(page, 'Mastercard •••• 4444').getByTestId('method-default').waitFor();
    await screenshot(page, 'payment-methods-default-moved');

    // Stripe's page offers the saved cards; the student picks the Visa one.
    await openCourse(page, 'Payments Engineering');
    await page.getByTestId('buy-stripe').click();
    const choices = page.locator('input[type="radio"][name="saved_payment_method"]');
    await choices.first().waitFor();
    assert.equal(await choices.first().isChecked(), true, 'a saved card is preselected');
    assert.equal(await choices.and(page.locator('[value="new"]')).count(), 1, 'a new card can still be typed');
    const visaChoice = page.getByLabel(/Visa •••• 4242/);
    await visaChoice.check();
    assert.match((await visaChoice.getAttribute('value')) ?? '', /^pm_/);
    await fillBillingAddressIfAsked(page);
    await screenshot(page, 'stripe-saved-card-checkout');
    await page.locator('#submit').click();
    await expectEnrolled(page);
    await screenshot(page, 'stripe-saved-card-enrolled');

    // Remove the Visa card: a dialog names it, Escape keeps it, "Remove" removes it.
    await openPaymentMethods(page);
    await method(page, 'Visa •••• 4242').getByTestId('remove-method').click();
    const dialog = page.getByRole('dialog', { name: 'Remove Visa •••• 4242?' });
    await dialog.waitFor();
    // Focus moves into the dialog, onto "Keep", once it has opened.
    await dialog.getByTestId('keep-method').and(page.locator(':focus')).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await method(page, 'Visa •••• 4242').waitFor();

    await method(page, 'Visa •••• 4242').getByTestId('remove-method').click();
    await dialog.waitFor();
    await screenshot(page, 'payment-methods-remove-dialog');
    await dialog.getByTestId('confirm-remove').click();
    await expectNotice(page, 'Visa •••• 4242 removed.');
    await method(page, 'Visa •••• 4242').waitFor({ state: 'detached' });
    await page.reload();
    await method(page, 'Mastercard •••• 4444').waitFor();
    assert.equal(await method(page, 'Visa •••• 4242').count(), 0);
    await screenshot(page, 'payment-methods-card-removed');
    await context.close();
  });

  it('when the student saves a PayPal account, then a course is paid with it from the course page', async () => {
    const { context, page } = await loggedInPage();
    await openPaymentMethods(page);

    await page.getByTestId('add-paypal').click();
    const email = page.locator('input[name="email"]');
    await email.waitFor();
    assert.notEqual(new URL(page.url()).origin, app.baseUrl, 'the account is approved on the provider page');
    await email.fill('ana@example.com');
    await page.getByRole('button', { name: 'Save PayPal' }).click();

    await page.waitForURL(/\/account\/payment-methods/);
    const wallet = page.locator('[data-testid="payment-method"][data-provider="paypal"]');
    await wallet.filter({ hasText: 'ana@example.com' }).waitFor();
    await expectNotice(page, 'saved.');
    assert.equal(await wallet.getByTestId('method-brand').getAttribute('data-brand'), 'paypal');
    await wallet.getByTestId('method-default').waitFor();
    await screenshot(page, 'payment-methods-paypal-saved');

    await openCourse(page, 'Testing Node.js Services');
    const savedWallet = page.getByTestId('buy-paypal-saved');
    await savedWallet.waitFor();
    assert.equal((await savedWallet.innerText()).trim(), 'Pay with PayPal · ana@example.com');
    await screenshot(page, 'course-page-saved-paypal');
    await savedWallet.click();
    await expectEnrolled(page);
    // Charged without PayPal's page: we went straight to our own confirmation.
    assert.equal(new URL(page.url()).searchParams.has('token'), false);
    await screenshot(page, 'paypal-saved-wallet-enrolled');
    await context.close();
  });
});
