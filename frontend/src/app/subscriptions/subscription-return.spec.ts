import { HttpRequest, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { SubscriptionReturn } from './subscription-return';
import { aSubscription } from '../testing/fixtures';

describe('SubscriptionReturn', () => {
  let fixture: ComponentFixture<SubscriptionReturn>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const q = (testId: string) => el().querySelector(`[data-testid="${testId}"]`) as HTMLElement | null;
  const status = () => q('subscription-status')?.getAttribute('data-status');

  /** Any read of subscription s1. */
  const subscriptionRead = (req: HttpRequest<unknown>) => req.method === 'GET' && req.url === '/api/subscriptions/s1';

  function answer(overrides: Parameters<typeof aSubscription>[0]): HttpRequest<unknown> {
    const req = http.expectOne(subscriptionRead);
    req.flush(aSubscription(overrides));
    return req.request;
  }

  function open(params: Record<string, string>): void {
    fixture = TestBed.createComponent(SubscriptionReturn);
    for (const [key, value] of Object.entries(params)) fixture.componentRef.setInput(key, value);
    fixture.detectChanges();
  }

  /** Lets the given time pass on the fake clock, then renders. */
  async function wait(ms: number): Promise<void> {
    await vi.advanceTimersByTimeAsync(ms);
    fixture.detectChanges();
  }

  beforeEach(() => {
    vi.useFakeTimers();
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    fixture?.destroy();
    http.verify();
    vi.useRealTimers();
  });

  it('when the subscription becomes active after a while, then it shows progress and then "Your plan is active"', async () => {
    open({ subscriptionId: 's1', provider: 'stripe' });
    await wait(0);
    expect(status()).toBe('confirming');
    expect(el().querySelector('h1')?.textContent).toContain('Confirming your subscription…');
    expect(el().textContent).toContain('Waiting for Stripe to confirm');

    const first = answer({ status: 'incomplete', nextRenewal: null });
    expect(first.params.get('refresh')).toBe('true');
    await wait(0);
    expect(status()).toBe('confirming');
    expect(el().textContent).toContain('Awaiting payment');
    const progress = q('poll-progress') as HTMLProgressElement;
    expect(progress.value).toBe(1);
    expect(progress.max).toBe(31);

    await wait(2000);
    const second = answer({ status: 'active' });
    expect(second.params.get('refresh')).toBe('true');
    await wait(0);

    expect(status()).toBe('active');
    expect(el().querySelector('h1')?.textContent).toContain('Your plan is active');
    expect(q('plan-active')?.textContent).toContain('All Access — Monthly');
    expect(q('plan-active')?.textContent).toContain('€18.00 / month');
    expect(q('next-renewal')?.textContent).toContain('Next payment: €18.00 on Apr 1, 2026.');
    expect(q('go-to-courses')?.getAttribute('href')).toBe('/courses');
    expect(q('go-to-subscription')?.getAttribute('href')).toBe('/account/subscription');

    // Settled: no more reads.
    await wait(10_000);
    http.expectNone(subscriptionRead);
  });

  it('when the plan starts with a free trial, then it says until when', async () => {
    open({ subscriptionId: 's1', provider: 'paypal' });
    await wait(0);
    expect(el().textContent).toContain('Waiting for PayPal to confirm');
    answer({ status: 'trialing', trialEnd: '2026-03-15T10:00:00.000Z' });
    await wait(0);
    expect(status()).toBe('active');
    expect(q('trial-ends')?.textContent).toContain('Your free trial runs until Mar 15, 2026.');
  });

  it('when the subscription ended instead, then it says so and leads back to the plans', async () => {
    open({ subscriptionId: 's1', provider: 'stripe' });
    await wait(0);
    answer({ status: 'expired', access: 'none', nextRenewal: null });
    await wait(0);
    expect(status()).toBe('failed');
    expect(el().querySelector('h1')?.textContent).toContain('Your subscription did not start');
    expect(q('failure-reason')?.textContent).toContain('The subscription ended before its first payment went through.');
    expect(q('back-to-plans')?.getAttribute('href')).toBe('/plans');
  });

  it('when the first payment is overdue, then it stops and points to the subscription page', async () => {
    open({ subscriptionId: 's1', provider: 'stripe' });
    await wait(0);
    answer({
      status: 'past_due',
      paymentProblem: {
        code: 'card_declined',
        reason: 'Your card was declined.',
        actionUrl: null,
        nextAttemptAt: null,
      },
    });
    await wait(0);
    expect(status()).toBe('attention');
    expect(el().textContent).toContain('Your card was declined.');
    expect(q('go-to-subscription')?.getAttribute('href')).toBe('/account/subscription');
    await wait(10_000);
    http.expectNone(subscriptionRead);
  });

  it('when it is still incomplete after a minute, then it says it can take a minute, links to the subscription, and "Check again" polls again', async () => {
    open({ subscriptionId: 's1', provider: 'stripe' });
    await wait(0);
    for (let second = 0; second < 60; second += 2) {
      answer({ status: 'incomplete' });
      await wait(2000);
    }
    answer({ status: 'incomplete' }); // the read at 60 s
    await wait(0);

    expect(status()).toBe('timeout');
    expect(q('timeout-message')?.textContent).toContain('it can take a minute');
    expect(q('go-to-subscription')?.getAttribute('href')).toBe('/account/subscription');
    await wait(10_000);
    http.expectNone(subscriptionRead);

    q('check-again')!.click();
    await wait(0);
    expect(status()).toBe('confirming');
    answer({ status: 'active' });
    await wait(0);
    expect(status()).toBe('active');
  });

  it('when the server fails for a moment, then it keeps asking; when the subscription is not there, then it says so', async () => {
    open({ subscriptionId: 's1', provider: 'stripe' });
    await wait(0);
    http.expectOne(subscriptionRead).flush(null, { status: 503, statusText: 'Unavailable' });
    await wait(2000);
    http
      .expectOne(subscriptionRead)
      .flush(
        { error: { code: 'not_found', message: 'Subscription not found' } },
        { status: 404, statusText: 'Not Found' },
      );
    await wait(0);
    expect(status()).toBe('error');
    expect(el().querySelector('[role="alert"]')?.textContent).toContain('Subscription not found');
    await wait(10_000);
    http.expectNone(subscriptionRead);
  });

  it('when there is no subscription id, then it explains where to look', async () => {
    open({});
    await wait(0);
    expect(status()).toBe('error');
    expect(el().textContent).toContain('Your subscription is shown under Subscription.');
  });

  it('when the page goes away while it waits, then the polling stops', async () => {
    open({ subscriptionId: 's1', provider: 'stripe' });
    await wait(0);
    answer({ status: 'incomplete' });
    await wait(2000);
    const inFlight = http.expectOne(subscriptionRead);
    fixture.destroy();
    expect(inFlight.cancelled).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    http.expectNone(subscriptionRead);
  });
});
