import { HttpRequest, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { AdminSubscriptionRow } from '../admin-models';
import { Subscription } from '../../core/subscriptions/subscription-models';
import { AdminSubscriptionsPage } from './admin-subscriptions-page';
import { aSubscription } from '../../testing/fixtures';

function aRow(subscription: Partial<Subscription> = {}, email = 'ana@example.com'): AdminSubscriptionRow {
  return { user: { id: 'u1', email, name: 'Ana Lopez' }, subscription: aSubscription(subscription) };
}

describe('AdminSubscriptionsPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  const el = () => harness.routeNativeElement as HTMLElement;
  const q = (testId: string, root: ParentNode = el()) => root.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  const text = (testId: string, root: ParentNode = el()) => q(testId, root)?.textContent?.replace(/\s+/g, ' ').trim();
  const rows = () => Array.from(el().querySelectorAll<HTMLElement>('[data-testid="admin-subscription-row"]'));
  const subscriptions = (params: Record<string, string>) => (r: HttpRequest<unknown>) =>
    r.url === '/api/admin/subscriptions' &&
    ['status', 'provider', 'q', 'cursor'].every((k) => r.params.get(k) === (params[k] ?? null));
  const settle = () => harness.fixture.whenStable();

  async function open(url: string): Promise<void> {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url, AdminSubscriptionsPage);
    await settle();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter(
          [{ path: 'admin/subscriptions', component: AdminSubscriptionsPage }],
          withComponentInputBinding(),
        ),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('when subscriptions load, then each row shows student, plan, price, status, period end, cancel flag and payment problem', async () => {
    await open('/admin/subscriptions');
    expect(q('loading')).not.toBeNull();
    http.expectOne(subscriptions({})).flush({
      items: [
        aRow({ id: 's1', cancelAtPeriodEnd: true }),
        aRow(
          {
            id: 's2',
            provider: 'paypal',
            status: 'past_due',
            price: { amount: 19000, currency: 'JPY' },
            plan: { id: 'plan-y', slug: 'all-access-yearly', name: 'All Access — Yearly', interval: 'year' },
            paymentProblem: {
              code: 'card_declined',
              reason: 'The card was declined',
              actionUrl: null,
              nextAttemptAt: '2026-04-03T10:00:00.000Z',
            },
          },
          'bo@example.com',
        ),
      ],
      nextCursor: null,
    });
    await settle();

    const [active, pastDue] = rows();
    expect(active.textContent).toContain('Ana Lopez');
    expect(active.textContent).toContain('ana@example.com');
    expect(active.textContent).toContain('All Access — Monthly');
    expect(text('subscription-row-price', active)).toBe('€18.00 / month');
    expect(text('subscription-row-status', active)).toBe('Active');
    expect(active.textContent).toContain('Apr 1, 2026');
    expect(text('subscription-row-cancel', active)).toBe('Yes');
    expect(text('subscription-row-problem', active)).toBe('—');

    expect(pastDue.textContent).toContain('bo@example.com');
    expect(pastDue.textContent).toContain('PayPal');
    expect(text('subscription-row-price', pastDue)).toBe('¥19,000 / year');
    expect(text('subscription-row-status', pastDue)).toBe('Payment overdue');
    expect(text('subscription-row-cancel', pastDue)).toBe('No');
    expect(text('subscription-row-problem', pastDue)).toContain('The card was declined');
    expect(text('subscription-row-problem', pastDue)).toContain('Next attempt Apr 3, 2026');
  });

  it('when the URL carries filters, then they are sent and shown; a search puts the email in the URL and reads again', async () => {
    await open('/admin/subscriptions?status=past_due&provider=stripe');
    http
      .expectOne(subscriptions({ status: 'past_due', provider: 'stripe' }))
      .flush({ items: [aRow()], nextCursor: null });
    await settle();
    expect((q('subscription-status-filter') as HTMLSelectElement).value).toBe('past_due');
    expect((q('subscription-provider-filter') as HTMLSelectElement).value).toBe('stripe');

    const search = q('subscription-search') as HTMLInputElement;
    search.value = ' ana+1@example.com ';
    search.dispatchEvent(new Event('input'));
    q('subscription-search-submit')!.click();
    await settle();

    expect(TestBed.inject(Router).url).toBe(
      '/admin/subscriptions?status=past_due&provider=stripe&q=ana%2B1@example.com',
    );
    http
      .expectOne(subscriptions({ status: 'past_due', provider: 'stripe', q: 'ana+1@example.com' }))
      .flush({ items: [], nextCursor: null });
    await settle();
    expect(text('subscriptions-empty')).toContain('No subscriptions match these filters.');
  });

  it('when the status changes, then the other filters stay and the list starts from the first page', async () => {
    await open('/admin/subscriptions?q=ana');
    expect((q('subscription-search') as HTMLInputElement).value).toBe('ana');
    http.expectOne(subscriptions({ q: 'ana' })).flush({ items: [aRow()], nextCursor: 'c2' });
    await settle();
    const status = q('subscription-status-filter') as HTMLSelectElement;
    status.value = 'canceled';
    status.dispatchEvent(new Event('change'));
    await settle();
    http.expectOne(subscriptions({ q: 'ana', status: 'canceled' })).flush({ items: [], nextCursor: null });
    await settle();
    expect(TestBed.inject(Router).url).toBe('/admin/subscriptions?status=canceled&q=ana');
  });

  it('when there are more pages, then "Load more" appends the next one', async () => {
    await open('/admin/subscriptions');
    http.expectOne(subscriptions({})).flush({ items: [aRow({ id: 's1' })], nextCursor: 'c2' });
    await settle();
    q('load-more')!.click();
    await settle();
    http.expectOne(subscriptions({ cursor: 'c2' })).flush({ items: [aRow({ id: 's7' })], nextCursor: null });
    await settle();
    expect(rows().map((r) => r.dataset['subscriptionId'])).toEqual(['s1', 's7']);
    expect(q('load-more')).toBeNull();
  });

  it('when there are none at all, then it says so; when the read fails, then "Try again" reads again', async () => {
    await open('/admin/subscriptions');
    http
      .expectOne(subscriptions({}))
      .flush({ error: { code: 'forbidden', message: 'Admins only' } }, { status: 403, statusText: 'Forbidden' });
    await settle();
    expect(text('error-alert')).toContain('Admins only');
    q('error-alert')!.querySelector('button')!.click();
    await settle();
    http.expectOne(subscriptions({})).flush({ items: [], nextCursor: null });
    await settle();
    expect(text('subscriptions-empty')).toBe('No subscriptions yet.');
  });
});
