import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { FileSave } from '../core/browser/file-save';
import { Subscription } from '../core/subscriptions/subscription-models';
import { SubscriptionPage } from './subscription-page';
import { aPayment, aSubscription, anInvoiceRef } from '../testing/fixtures';

describe('SubscriptionPage', () => {
  let fixture: ComponentFixture<SubscriptionPage>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const q = (testId: string) => el().querySelector(`[data-testid="${testId}"]`) as HTMLElement | null;
  const text = (testId: string) => q(testId)?.textContent?.replace(/\s+/g, ' ').trim();

  /** Opens the page; the list names the newest subscription, which is then read in full. */
  async function render(subscription: Subscription | null): Promise<void> {
    fixture = TestBed.createComponent(SubscriptionPage);
    await fixture.whenStable();
    http.expectOne('/api/subscriptions').flush({ items: subscription ? [{ ...subscription, payments: [] }] : [] });
    if (subscription) http.expectOne(`/api/subscriptions/${subscription.id}`).flush(subscription);
    await fixture.whenStable();
  }

  async function click(testId: string): Promise<void> {
    q(testId)!.click();
    await fixture.whenStable();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: FileSave, useValue: { save: vi.fn() } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('when the student has an active plan, then it shows the plan, price, period, next renewal and the cycle payments', async () => {
    await render(
      aSubscription({
        payments: [
          aPayment({
            id: 'p2',
            status: 'completed',
            course: null,
            amount: { amount: 1800, currency: 'EUR' },
            invoice: anInvoiceRef({ id: 'd2', number: 'INV-2026-000002' }),
          }),
        ],
      }),
    );

    expect(text('subscription-plan')).toBe('All Access — Monthly');
    expect(text('subscription-status-label')).toBe('Active');
    expect(text('subscription-price')).toBe('€18.00 / month');
    expect(text('subscription-provider')).toBe('Stripe');
    expect(text('current-period')).toBe('Mar 1, 2026 – Apr 1, 2026');
    expect(text('next-renewal')).toBe('€18.00 on Apr 1, 2026');
    expect(q('ends-on')).toBeNull();
    expect(q('cancel-subscription')).not.toBeNull();
    expect(q('resume-subscription')).toBeNull();
    for (const banner of ['past-due-banner', 'suspended-banner', 'ended-banner', 'incomplete-banner']) {
      expect(q(banner)).toBeNull();
    }

    const rows = el().querySelectorAll('[data-testid="subscription-payments"] [data-testid="payment-row"]');
    expect(rows.length).toBe(1);
    expect(rows[0].querySelector('[data-testid="payment-amount"]')?.textContent?.trim()).toBe('€18.00');
    expect(rows[0].querySelector('[data-testid="payment-row-status"]')?.textContent?.trim()).toBe('Completed');
    expect(rows[0].querySelector('[data-testid="payment-invoice"]')?.textContent).toContain(
      'Download invoice INV-2026-000002',
    );
    expect(rows[0].querySelectorAll('td').length).toBe(4);
  });

  it('when the student cancels, then it asks first, cancels at period end and shows "Ends on" with Resume', async () => {
    const payments = [aPayment({ id: 'p1', status: 'completed', course: null })];
    await render(aSubscription({ payments }));

    await click('cancel-subscription');
    http.expectNone('/api/subscriptions/s1/cancel');
    expect(text('cancel-confirm-text')).toBe(
      "Your plan won't renew. You keep access to every course until the end of the current period, Apr 1, 2026, and you can resume until then.",
    );
    expect(document.activeElement).toBe(q('cancel-confirm'));

    await click('keep-subscription');
    expect(q('cancel-confirm')).toBeNull();
    await click('cancel-subscription');
    await click('confirm-cancel');

    const req = http.expectOne('/api/subscriptions/s1/cancel');
    expect(req.request.body).toEqual({ atPeriodEnd: true });
    expect(q('confirm-cancel')?.textContent?.trim()).toBe('Canceling…');
    req.flush(
      aSubscription({
        cancelAtPeriodEnd: true,
        nextRenewal: null,
        accessEndsAt: '2026-04-01T10:00:00.000Z',
        actions: { cancel: false, resume: true },
      }),
    );
    await fixture.whenStable();

    expect(text('ends-on')).toContain('Ends on Apr 1, 2026.');
    expect(q('next-renewal')).toBeNull();
    expect(q('cancel-confirm')).toBeNull();
    expect(q('resume-subscription')?.textContent?.trim()).toBe('Resume subscription');
    // The answer left out the cycle payments: the ones on show stay.
    expect(el().querySelectorAll('[data-testid="payment-row"]').length).toBe(1);

    await click('resume-subscription');
    http.expectOne('/api/subscriptions/s1/resume').flush(aSubscription());
    await fixture.whenStable();
    expect(q('ends-on')).toBeNull();
    expect(text('next-renewal')).toBe('€18.00 on Apr 1, 2026');
    expect(q('cancel-subscription')).not.toBeNull();
  });

  it('when the plan is paid with PayPal, then the confirmation says PayPal stops billing at once and access lasts the paid period', async () => {
    await render(aSubscription({ provider: 'paypal' }));
    await click('cancel-subscription');
    expect(text('cancel-confirm-text')).toBe(
      "PayPal stops billing at once, and a canceled PayPal subscription can't be resumed. You keep access to every course until the end of the period you've paid for, Apr 1, 2026.",
    );
    await click('confirm-cancel');
    http.expectOne('/api/subscriptions/s1/cancel').flush(
      aSubscription({
        provider: 'paypal',
        status: 'canceled',
        cancelAtPeriodEnd: true,
        canceledAt: '2026-03-10T10:00:00.000Z',
        accessEndsAt: '2026-04-01T10:00:00.000Z',
        nextRenewal: null,
        actions: { cancel: false, resume: false },
      }),
    );
    await fixture.whenStable();

    expect(text('subscription-status-label')).toBe('Canceled');
    expect(text('ends-on')).toContain('Ends on Apr 1, 2026.');
    expect(q('resume-subscription')).toBeNull();
    expect(q('resume-unavailable')?.textContent).toContain("PayPal can't restart a canceled subscription");
    expect(q('ended-banner')).toBeNull();
  });

  it('when resuming is refused, then it shows why', async () => {
    await render(
      aSubscription({ cancelAtPeriodEnd: true, nextRenewal: null, actions: { cancel: false, resume: true } }),
    );
    await click('resume-subscription');
    http
      .expectOne('/api/subscriptions/s1/resume')
      .flush(
        { error: { code: 'resume_not_supported', message: 'PayPal subscriptions cannot be resumed' } },
        { status: 409, statusText: 'Conflict' },
      );
    await fixture.whenStable();
    expect(el().querySelector('[role="alert"]')?.textContent).toContain('PayPal subscriptions cannot be resumed');
    expect((q('resume-subscription') as HTMLButtonElement).disabled).toBe(false);
  });

  it('when a renewal failed, then the past-due banner says what happened, what to do, the next try and until when access lasts', async () => {
    await render(
      aSubscription({
        status: 'past_due',
        nextRenewal: null,
        graceEndsAt: '2026-04-08T10:00:00.000Z',
        paymentProblem: {
          code: 'authentication_required',
          reason: 'Your bank asks you to confirm the payment.',
          actionUrl: 'http://localhost:12111/i/in_1',
          nextAttemptAt: '2026-04-04T10:00:00.000Z',
        },
      }),
    );
    const banner = q('past-due-banner')!;
    expect(banner.getAttribute('role')).toBe('alert');
    expect(text('problem-reason')).toBe('Your bank asks you to confirm the payment.');
    expect(q('payment-action')?.getAttribute('href')).toBe('http://localhost:12111/i/in_1');
    expect(text('payment-action')).toBe('Update your card or confirm the payment');
    expect(text('next-attempt')).toContain('Stripe tries again on Apr 4, 2026');
    expect(text('grace-ends')).toContain('You keep access to your courses until Apr 8, 2026');
    expect(text('subscription-status-label')).toBe('Payment overdue');
  });

  it('when a renewal failed without a link to follow, then the banner says what to check', async () => {
    await render(
      aSubscription({
        provider: 'paypal',
        status: 'past_due',
        paymentProblem: { code: 'payment_failed', reason: 'The payment failed.', actionUrl: null, nextAttemptAt: null },
      }),
    );
    expect(q('past-due-banner')?.textContent).toContain('Check the payment method in your PayPal account');
    expect(q('payment-action')).toBeNull();
    expect(q('next-attempt')).toBeNull();
  });

  it('when access is paused, then the suspended banner says so', async () => {
    await render(
      aSubscription({
        status: 'suspended',
        access: 'none',
        nextRenewal: null,
        paymentProblem: {
          code: 'card_declined',
          reason: 'Your card was declined.',
          actionUrl: null,
          nextAttemptAt: null,
        },
      }),
    );
    expect(q('suspended-banner')?.textContent).toContain('Your card was declined.');
    expect(q('suspended-banner')?.textContent).toContain('paused until the payment goes through');
  });

  it('when the subscription has ended, then a banner says when and links to the plans', async () => {
    await render(
      aSubscription({
        status: 'expired',
        access: 'none',
        nextRenewal: null,
        accessEndsAt: '2026-04-01T10:00:00.000Z',
        actions: { cancel: false, resume: false },
      }),
    );
    expect(q('ended-banner')?.textContent).toContain('It ended on Apr 1, 2026.');
    expect(q('go-to-plans')?.getAttribute('href')).toBe('/plans');
    expect(q('cancel-subscription')).toBeNull();
    expect(q('subscription-payments-empty')).not.toBeNull();
  });

  it('when the student has no subscription, then it links to the plans', async () => {
    await render(null);
    expect(q('subscription-empty')?.textContent).toContain("You don't have a subscription yet.");
    expect(q('go-to-plans')?.getAttribute('href')).toBe('/plans');
  });

  it('when loading fails, then it shows the message and can try again', async () => {
    fixture = TestBed.createComponent(SubscriptionPage);
    await fixture.whenStable();
    http
      .expectOne('/api/subscriptions')
      .flush({ error: { code: 'internal', message: 'Try later' } }, { status: 500, statusText: 'Error' });
    await fixture.whenStable();
    const alert = el().querySelector('[role="alert"]')!;
    expect(alert.textContent).toContain('Try later');
    (alert.querySelector('button') as HTMLButtonElement).click();
    await fixture.whenStable();
    http.expectOne('/api/subscriptions').flush({ items: [] });
    await fixture.whenStable();
    expect(q('subscription-empty')).not.toBeNull();
  });
});
