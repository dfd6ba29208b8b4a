import { HttpRequest, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { AdminDisputeRow } from '../admin-models';
import { DisputesPage } from './disputes-page';

function aDisputeRow(overrides: Partial<AdminDisputeRow> = {}): AdminDisputeRow {
  return {
    id: 'd1',
    paymentId: 'p1',
    provider: 'stripe',
    providerDisputeId: 'dp_1',
    amount: { amount: 4900, currency: 'EUR' },
    reason: 'fraudulent',
    status: 'needs_response',
    fundsWithdrawn: true,
    openedAt: '2026-03-02T10:00:00.000Z',
    closedAt: null,
    user: { id: 'u1', email: 'ana@example.com', name: 'Ana Lopez' },
    payment: { id: 'p1', amount: { amount: 5900, currency: 'EUR' }, course: { id: 'c1', title: 'Angular Payments' } },
    ...overrides,
  };
}

describe('DisputesPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  const el = () => harness.routeNativeElement as HTMLElement;
  const q = (testId: string, root: ParentNode = el()) => root.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  const text = (testId: string, root: ParentNode = el()) => q(testId, root)?.textContent?.replace(/\s+/g, ' ').trim();
  const rows = () => Array.from(el().querySelectorAll<HTMLElement>('[data-testid="dispute-row"]'));
  const disputes = (params: Record<string, string>) => (r: HttpRequest<unknown>) =>
    r.url === '/api/admin/disputes' &&
    ['status', 'provider', 'cursor'].every((k) => r.params.get(k) === (params[k] ?? null));

  async function open(url: string): Promise<void> {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url, DisputesPage);
    await harness.fixture.whenStable();
  }

  async function settle(): Promise<void> {
    await harness.fixture.whenStable();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: 'admin/disputes', component: DisputesPage }], withComponentInputBinding()),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('when disputes load, then each row shows dates, student, both amounts, reason, status, funds and links to the payment', async () => {
    await open('/admin/disputes');
    expect(q('loading')).not.toBeNull();
    http.expectOne(disputes({})).flush({
      items: [
        aDisputeRow(),
        aDisputeRow({
          id: 'd2',
          status: 'won',
          reason: 'product_not_received',
          fundsWithdrawn: false,
          closedAt: '2026-03-20T10:00:00.000Z',
          amount: { amount: 1500, currency: 'JPY' },
          payment: { id: 'p2', amount: { amount: 1500, currency: 'JPY' }, course: null },
        }),
      ],
      nextCursor: null,
    });
    await settle();

    const [open1, won] = rows();
    expect(open1.textContent).toContain('Mar 2, 2026');
    expect(open1.textContent).toContain('Ana Lopez');
    expect(open1.textContent).toContain('ana@example.com');
    expect(open1.textContent).toContain('fraudulent');
    expect(text('dispute-payment-link', open1)).toBe('€59.00');
    expect(q('dispute-payment-link', open1)?.getAttribute('href')).toBe('/admin/payments/p1');
    expect(text('dispute-amount', open1)).toBe('€49.00');
    expect(text('dispute-status', open1)).toBe('Needs response');
    expect(text('dispute-funds', open1)).toBe('Yes');
    expect(open1.textContent).toContain('Open');
    expect(text('dispute-amount', won)).toBe('¥1,500');
    expect(text('dispute-status', won)).toBe('Won');
    expect(text('dispute-funds', won)).toBe('No');
    expect(won.textContent).toContain('Mar 20, 2026');
    expect(won.textContent).toContain('product not received');
    expect(q('load-more')).toBeNull();
  });

  it('when the URL carries filters, then the first read sends them, and changing one puts it in the URL and reads again', async () => {
    await open('/admin/disputes?status=lost');
    http.expectOne(disputes({ status: 'lost' })).flush({ items: [aDisputeRow({ status: 'lost' })], nextCursor: null });
    await settle();
    expect((q('dispute-status-filter') as HTMLSelectElement).value).toBe('lost');

    const provider = q('dispute-provider-filter') as HTMLSelectElement;
    provider.value = 'paypal';
    provider.dispatchEvent(new Event('change'));
    await settle();

    expect(TestBed.inject(Router).url).toBe('/admin/disputes?status=lost&provider=paypal');
    http.expectOne(disputes({ status: 'lost', provider: 'paypal' })).flush({ items: [], nextCursor: null });
    await settle();
    expect(text('disputes-empty')).toContain('No disputes match these filters.');

    q('clear-filters')!.click();
    await settle();
    expect(TestBed.inject(Router).url).toBe('/admin/disputes');
    http.expectOne(disputes({})).flush({ items: [], nextCursor: null });
    await settle();
    expect(text('disputes-empty')).toBe('No disputes yet.');
  });

  it('when there are more pages, then "Load more" reads the next with the same filters and appends it', async () => {
    await open('/admin/disputes?provider=stripe');
    http.expectOne(disputes({ provider: 'stripe' })).flush({ items: [aDisputeRow()], nextCursor: 'c2' });
    await settle();
    q('load-more')!.click();
    await settle();
    http
      .expectOne(disputes({ provider: 'stripe', cursor: 'c2' }))
      .flush({ items: [aDisputeRow({ id: 'd9' })], nextCursor: null });
    await settle();
    expect(rows().map((r) => r.dataset['disputeId'])).toEqual(['d1', 'd9']);
  });

  it('when the first read fails, then the API message shows with "Try again", which reads again', async () => {
    await open('/admin/disputes');
    http
      .expectOne(disputes({}))
      .flush({ error: { code: 'internal', message: 'Database away' } }, { status: 500, statusText: 'Error' });
    await settle();
    const alert = q('error-alert')!;
    expect(alert.textContent).toContain('Database away');
    alert.querySelector('button')!.click();
    await settle();
    http.expectOne(disputes({})).flush({ items: [aDisputeRow()], nextCursor: null });
    await settle();
    expect(rows().length).toBe(1);
  });
});
