import { HttpRequest, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Subscription } from '../core/subscriptions/subscription-models';
import { SubscriptionActions } from './subscription-actions';
import { aSubscription } from '../testing/fixtures';

const CANCELING = aSubscription({
  cancelAtPeriodEnd: true,
  nextRenewal: null,
  actions: { cancel: false, resume: true },
});

describe('SubscriptionActions', () => {
  let fixture: ComponentFixture<SubscriptionActions>;
  let http: HttpTestingController;
  let changes: Subscription[];
  const el = () => fixture.nativeElement as HTMLElement;
  const q = (testId: string) => el().querySelector(`[data-testid="${testId}"]`) as HTMLElement | null;
  const subscriptionRead = (req: HttpRequest<unknown>) => req.method === 'GET' && req.url === '/api/subscriptions/s1';

  function open(subscription: Subscription): void {
    fixture = TestBed.createComponent(SubscriptionActions);
    fixture.componentRef.setInput('subscription', subscription);
    fixture.componentInstance.changed.subscribe((s) => changes.push(s));
    fixture.detectChanges();
  }

  async function wait(ms: number): Promise<void> {
    await vi.advanceTimersByTimeAsync(ms);
    fixture.detectChanges();
  }

  beforeEach(() => {
    vi.useFakeTimers();
    changes = [];
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    fixture?.destroy();
    http.verify();
    vi.useRealTimers();
  });

  it('when the answer to a cancel still shows the old state, then it reads again every second until it shows the change', async () => {
    open(aSubscription());
    q('cancel-subscription')!.click();
    await wait(0);
    q('confirm-cancel')!.click();
    await wait(0);
    http.expectOne('/api/subscriptions/s1/cancel').flush(aSubscription()); // the webhook has not landed yet
    await wait(0);
    http.expectOne(subscriptionRead).flush(aSubscription());
    await wait(0);
    expect(changes).toEqual([]);
    expect(q('confirm-cancel')?.textContent?.trim()).toBe('Canceling…');

    await wait(1000);
    http.expectOne(subscriptionRead).flush(CANCELING);
    await wait(0);
    expect(changes).toEqual([CANCELING]);
    expect(q('change-pending')).toBeNull();
    await wait(5000);
    http.expectNone(subscriptionRead);
  });

  it('when a resume does not show within 10 s, then it hands on the latest read and says it can take a minute', async () => {
    open(CANCELING);
    q('resume-subscription')!.click();
    await wait(0);
    http.expectOne('/api/subscriptions/s1/resume').flush(CANCELING);
    await wait(0);
    for (let second = 0; second <= 10; second++) {
      http.expectOne(subscriptionRead).flush(CANCELING);
      await wait(1000);
    }
    expect(changes).toEqual([CANCELING]);
    expect(q('change-pending')?.textContent).toContain('Stripe has your change; it can take a minute to show here.');
    http.expectNone(subscriptionRead);
  });

  it('when neither cancel nor resume is allowed, then it offers neither', () => {
    open(aSubscription({ status: 'expired', access: 'none', actions: { cancel: false, resume: false } }));
    expect(q('cancel-subscription')).toBeNull();
    expect(q('resume-subscription')).toBeNull();
  });
});
