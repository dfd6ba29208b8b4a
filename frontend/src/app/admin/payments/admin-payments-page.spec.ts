import { HttpRequest, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { anAdminPaymentRow } from '../../testing/admin-fixtures';
import { AdminPaymentsPage } from './admin-payments-page';

@Component({ template: '<p data-testid="payment-page">payment</p>' })
class PaymentPageStub {}

const CURRENCIES = {
  defaultCurrency: 'EUR',
  items: [
    { code: 'EUR', exponent: 2 },
    { code: 'JPY', exponent: 0 },
    { code: 'KWD', exponent: 3 },
  ],
};

describe('AdminPaymentsPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  const el = () => harness.routeNativeElement!;
  const q = <T extends HTMLElement = HTMLElement>(testId: string, root: ParentNode = el()) =>
    root.querySelector<T>(`[data-testid="${testId}"]`);
  const text = (testId: string, root: ParentNode = el()) => q(testId, root)?.textContent?.replace(/\s+/g, ' ').trim();
  const rows = () => Array.from(el().querySelectorAll<HTMLElement>('[data-testid="admin-payment-row"]'));
  const isSearch = (req: HttpRequest<unknown>) => req.url === '/api/admin/payments';
  const url = () => TestBed.inject(Router).url;

  async function open(path: string): Promise<void> {
    harness = await RouterTestingHarness.create(path);
    http.expectOne('/api/currencies').flush(CURRENCIES);
    await harness.fixture.whenStable();
  }

  async function type(testId: string, value: string): Promise<void> {
    const field = q<HTMLInputElement | HTMLSelectElement>(testId)!;
    field.value = value;
    field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? 'change' : 'input'));
    await harness.fixture.whenStable();
  }

  async function submit(): Promise<void> {
    q<HTMLButtonElement>('search-submit')!.click();
    await harness.fixture.whenStable();
  }

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'admin/payments', component: AdminPaymentsPage },
          { path: 'admin/payments/:id', component: PaymentPageStub },
        ]),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    try {
      http.verify();
    } finally {
      // A throwing hook would skip Angular's module reset and fail every later test too.
      TestBed.resetTestingModule();
    }
  });

  it('when results arrive, then each row shows date, student, course or plan, amount in its currency, label, provider and reference, and links to its page', async () => {
    await open('/admin/payments');
    expect(text('loading')).toBe('Searching payments…');
    http.expectOne(isSearch).flush({
      items: [
        anAdminPaymentRow({
          id: 'p1',
          label: 'partially_refunded',
          refundedAmount: { amount: 1250, currency: 'EUR' },
        }),
        anAdminPaymentRow({
          id: 'p2',
          provider: 'paypal',
          amount: { amount: 1500, currency: 'JPY' },
          course: null,
          subscription: { id: 's1', planName: 'All Access — Monthly' },
          providerPaymentId: null,
          providerSessionId: 'ORDER-9',
          user: { id: 'u2', email: 'ana@example.com', name: 'Ana' },
        }),
        anAdminPaymentRow({ id: 'p3', amount: { amount: 12345, currency: 'KWD' } }),
      ],
      nextCursor: null,
    });
    await harness.fixture.whenStable();

    const [first, second, third] = rows();
    expect(first.textContent).toContain('Mar 1, 2026');
    expect(text('row-email', first)).toBe('student@example.com');
    expect(first.textContent).toContain('Stu Dent');
    expect(text('row-item', first)).toBe('Angular Payments');
    expect(text('row-amount', first)).toBe('€50.00 €12.50 refunded');
    expect(text('row-label', first)).toBe('Partially refunded');
    expect(q('row-label', first)?.classList).toContain('status-partially_refunded');
    expect(text('row-provider', first)).toBe('Stripe');
    expect(text('row-reference', first)).toBe('pi_test_1');
    expect(q('payment-link', first)?.getAttribute('href')).toBe('/admin/payments/p1');

    expect(text('row-item', second)).toBe('All Access — Monthly Subscription');
    expect(text('row-amount', second)).toBe('¥1,500');
    expect(text('row-provider', second)).toBe('PayPal');
    expect(text('row-reference', second)).toBe('ORDER-9');
    expect(text('row-email', second)).toBe('ana@example.com');
    expect(text('row-amount', third)).toMatch(/^KWD\s12\.345$/);
    expect(q('load-more')).toBeNull();

    q('payment-link', second)!.click();
    await harness.fixture.whenStable();
    expect(url()).toBe('/admin/payments/p2');
  });

  it('when the address holds a search, then the form shows it and the API is asked for it', async () => {
    await open('/admin/payments?q=ana&status=completed&currency=KWD&minAmount=1250&to=2026-03-31&sort=created_asc');
    const req = http.expectOne(isSearch);
    expect(req.request.urlWithParams).toBe(
      '/api/admin/payments?limit=25&q=ana&status=completed&currency=KWD&to=2026-03-31&minAmount=1250&sort=created_asc',
    );
    req.flush({ items: [], nextCursor: null });
    await harness.fixture.whenStable();

    expect(q<HTMLInputElement>('search-q')!.value).toBe('ana');
    expect(q<HTMLSelectElement>('search-status')!.value).toBe('completed');
    expect(q<HTMLSelectElement>('search-currency')!.value).toBe('KWD');
    expect(q<HTMLInputElement>('search-min')!.value).toBe('1.250');
    expect(q<HTMLInputElement>('search-to')!.value).toBe('2026-03-31');
    expect(q<HTMLSelectElement>('search-sort')!.value).toBe('created_asc');
    expect(text('payments-empty')).toBe('No payments match this search.');
  });

  it('when the admin searches, then the address holds the search with amounts in minor units, and the results follow it', async () => {
    await open('/admin/payments');
    http.expectOne(isSearch).flush({ items: [], nextCursor: null });
    await harness.fixture.whenStable();
    expect(text('payments-empty')).toBe('No payments yet.');

    await type('search-q', '  student@example.com ');
    await type('search-provider', 'stripe');
    await type('search-label', 'refunded');
    await type('search-currency', 'EUR');
    await type('search-min', '12.5');
    await type('search-max', '1,000');
    await type('search-from', '2026-03-01');
    await type('search-reference', 'INV-2026-000042');
    await submit();

    expect(url()).toBe(
      '/admin/payments?q=student@example.com&label=refunded&provider=stripe&currency=EUR&from=2026-03-01&minAmount=1250&maxAmount=100000&reference=INV-2026-000042',
    );
    const req = http.expectOne(isSearch);
    expect(req.request.params.get('minAmount')).toBe('1250');
    expect(req.request.params.get('maxAmount')).toBe('100000');
    expect(req.request.params.get('label')).toBe('refunded');
    req.flush({ items: [anAdminPaymentRow()], nextCursor: null });
    await harness.fixture.whenStable();
    expect(rows().length).toBe(1);
  });

  it('when the admin goes back to an earlier search, then the form and the results are that search again', async () => {
    await open('/admin/payments?status=failed');
    http.expectOne(isSearch).flush({ items: [], nextCursor: null });
    await harness.navigateByUrl('/admin/payments?status=completed&currency=JPY&maxAmount=1500');
    http.expectOne((r) => isSearch(r) && r.params.get('status') === 'completed').flush({ items: [], nextCursor: null });
    await harness.fixture.whenStable();
    expect(q<HTMLInputElement>('search-max')!.value).toBe('1500');

    await harness.navigateByUrl('/admin/payments?status=failed');
    http.expectOne((r) => isSearch(r) && r.params.get('status') === 'failed').flush({ items: [], nextCursor: null });
    await harness.fixture.whenStable();
    expect(q<HTMLSelectElement>('search-status')!.value).toBe('failed');
    expect(q<HTMLInputElement>('search-max')!.value).toBe('');
    expect(q<HTMLSelectElement>('search-currency')!.value).toBe('');
  });

  it('when an amount is typed without a currency, or with more decimals than the currency has, then it says what to fix and does not search', async () => {
    await open('/admin/payments');
    http.expectOne(isSearch).flush({ items: [], nextCursor: null });
    await type('search-min', '10');
    await submit();
    expect(text('payment-search-form')).toContain('Choose a currency to search by amount.');
    expect(url()).toBe('/admin/payments');

    await type('search-currency', 'JPY');
    await type('search-min', '10.5');
    await type('search-max', '5');
    await submit();
    expect(text('payment-search-form')).toContain('JPY has no decimals: enter a whole number, e.g. 1200.');
    expect(url()).toBe('/admin/payments');

    await type('search-min', '10');
    await submit();
    expect(text('payment-search-form')).toContain('The maximum is below the minimum.');
    http.expectNone(isSearch);
  });

  it('when the admin clears the search, then the address and the form are empty again', async () => {
    await open('/admin/payments?provider=paypal');
    http.expectOne(isSearch).flush({ items: [], nextCursor: null });
    q<HTMLButtonElement>('search-clear')!.click();
    await harness.fixture.whenStable();
    expect(url()).toBe('/admin/payments');
    http.expectOne((r) => isSearch(r) && !r.params.has('provider')).flush({ items: [], nextCursor: null });
    await harness.fixture.whenStable();
    expect(q<HTMLSelectElement>('search-provider')!.value).toBe('');
  });

  it('when there are more results, then "Load more" reads the next page of the same search', async () => {
    await open('/admin/payments?currency=EUR');
    http.expectOne(isSearch).flush({ items: [anAdminPaymentRow({ id: 'p1' })], nextCursor: 'c2' });
    await harness.fixture.whenStable();
    q<HTMLButtonElement>('load-more')!.click();
    await harness.fixture.whenStable();
    const next = http.expectOne((r) => isSearch(r) && r.params.get('cursor') === 'c2');
    expect(next.request.params.get('currency')).toBe('EUR');
    next.flush({ items: [anAdminPaymentRow({ id: 'p2' })], nextCursor: null });
    await harness.fixture.whenStable();
    expect(rows().map((r) => r.getAttribute('data-payment-id'))).toEqual(['p1', 'p2']);
    expect(q('load-more')).toBeNull();
  });

  it('when the search fails, then it shows the message and "Try again" searches again', async () => {
    await open('/admin/payments?currency=EUR&minAmount=100');
    http
      .expectOne(isSearch)
      .flush(
        { error: { code: 'validation_failed', message: 'Invalid query' } },
        { status: 400, statusText: 'Bad Request' },
      );
    await harness.fixture.whenStable();
    const alert = q('error-alert')!;
    expect(alert.textContent).toContain('Invalid query');
    expect(q('payments-empty')).toBeNull();
    alert.querySelector('button')!.click();
    await harness.fixture.whenStable();
    http.expectOne(isSearch).flush({ items: [anAdminPaymentRow()], nextCursor: null });
    await harness.fixture.whenStable();
    expect(rows().length).toBe(1);
    expect(q('error-alert')).toBeNull();
  });
});
