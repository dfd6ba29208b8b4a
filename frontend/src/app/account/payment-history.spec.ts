import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { FileSave } from '../core/browser/file-save';
import { PaymentHistory } from './payment-history';
import { aPayment, anInvoiceRef } from '../testing/fixtures';

describe('PaymentHistory', () => {
  let fixture: ComponentFixture<PaymentHistory>;
  let http: HttpTestingController;
  let save: ReturnType<typeof vi.fn<(blob: Blob, fileName: string) => void>>;
  const el = () => fixture.nativeElement as HTMLElement;
  const rows = () => Array.from(el().querySelectorAll('[data-testid="payment-row"]'));
  const isHistory =
    (cursor: string | null, status: string | null = null) =>
    (r: { url: string; params: { get(k: string): string | null } }) =>
      r.url === '/api/payments/history' && r.params.get('cursor') === cursor && r.params.get('status') === status;

  beforeEach(async () => {
    save = vi.fn();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: FileSave, useValue: { save } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PaymentHistory);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('lists date, course, amount in its currency, provider and status, and loads more pages', async () => {
    expect(el().textContent).toContain('Loading payments…');
    const first = http.expectOne(isHistory(null));
    expect(first.request.params.get('limit')).toBe('20');
    first.flush({
      items: [
        aPayment({ id: 'p1', status: 'completed', amount: { amount: 4900, currency: 'EUR' } }),
        aPayment({
          id: 'p2',
          provider: 'paypal',
          status: 'failed',
          failureReason: 'Card declined',
          amount: { amount: 1500, currency: 'JPY' },
        }),
      ],
      nextCursor: 'cursor-2',
    });
    await fixture.whenStable();

    expect(rows().length).toBe(2);
    const [p1, p2] = rows();
    expect(p1.textContent).toContain('Angular Payments');
    expect(p1.textContent).toContain('Mar 1, 2025');
    expect(p1.querySelector('[data-testid="payment-amount"]')?.textContent?.trim()).toBe('€49.00');
    expect(p1.querySelector('[data-testid="payment-provider"]')?.textContent?.trim()).toBe('Stripe');
    expect(p1.querySelector('[data-testid="payment-row-status"]')?.textContent?.trim()).toBe('Completed');
    expect(p2.querySelector('[data-testid="payment-amount"]')?.textContent?.trim()).toBe('¥1,500');
    expect(p2.querySelector('[data-testid="payment-provider"]')?.textContent?.trim()).toBe('PayPal');
    expect(p2.textContent).toContain('Card declined');

    (el().querySelector('[data-testid="load-more"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    http.expectOne(isHistory('cursor-2')).flush({ items: [aPayment({ id: 'p3' })], nextCursor: null });
    await fixture.whenStable();

    expect(rows().map((r) => r.getAttribute('data-payment-id'))).toEqual(['p1', 'p2', 'p3']);
    expect(el().querySelector('[data-testid="load-more"]')).toBeNull();
  });

  it('when a payment was partly refunded, then the row says so with the refunded amount', async () => {
    http.expectOne(isHistory(null)).flush({
      items: [
        aPayment({
          status: 'completed',
          label: 'partially_refunded',
          refundedAmount: { amount: 1000, currency: 'EUR' },
        }),
      ],
      nextCursor: null,
    });
    await fixture.whenStable();
    const [row] = rows();
    expect(row.querySelector('[data-testid="payment-row-status"]')?.textContent?.trim()).toBe('Partially refunded');
    expect(row.textContent).toContain('€10.00 refunded');
  });

  it('when there are no payments, then it says so', async () => {
    http.expectOne(isHistory(null)).flush({ items: [], nextCursor: null });
    await fixture.whenStable();
    expect(el().querySelector('[data-testid="payments-empty"]')?.textContent).toContain(
      "You haven't made any payments yet.",
    );
  });

  it('filters by status from the first page', async () => {
    http.expectOne(isHistory(null)).flush({ items: [aPayment()], nextCursor: 'x' });
    await fixture.whenStable();
    const select = el().querySelector('[data-testid="status-filter"]') as HTMLSelectElement;
    select.value = 'failed';
    select.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    http.expectOne(isHistory(null, 'failed')).flush({ items: [], nextCursor: null });
    await fixture.whenStable();
    expect(rows().length).toBe(0);
    expect(el().textContent).toContain('No payments with this status.');
  });

  it('when "Load more" fails, then it keeps the rows, shows the error and retries that page', async () => {
    http.expectOne(isHistory(null)).flush({ items: [aPayment()], nextCursor: 'c2' });
    await fixture.whenStable();
    (el().querySelector('[data-testid="load-more"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    http
      .expectOne(isHistory('c2'))
      .flush({ error: { code: 'internal', message: 'Try later' } }, { status: 500, statusText: 'Error' });
    await fixture.whenStable();

    expect(rows().length).toBe(1);
    const alert = el().querySelector('[role="alert"]')!;
    expect(alert.textContent).toContain('Try later');
    (alert.querySelector('button') as HTMLButtonElement).click();
    await fixture.whenStable();
    http.expectOne(isHistory('c2')).flush({ items: [aPayment({ id: 'p9' })], nextCursor: null });
    await fixture.whenStable();
    expect(rows().length).toBe(2);
  });

  it('when a payment has an invoice, then its row offers "Download invoice <number>", which saves the PDF', async () => {
    http.expectOne(isHistory(null)).flush({
      items: [
        aPayment({ id: 'p2', status: 'completed', invoice: anInvoiceRef({ id: 'd7', number: 'INV-2026-000007' }) }),
        aPayment({ id: 'p1', status: 'completed', invoice: null }),
      ],
      nextCursor: null,
    });
    await fixture.whenStable();
    const [withInvoice, without] = rows();
    const button = withInvoice.querySelector('[data-testid="payment-invoice"] button') as HTMLButtonElement;
    expect(button.textContent?.trim()).toBe('Download invoice INV-2026-000007');
    expect(without.querySelector('[data-testid="payment-invoice"]')).toBeNull();

    button.click();
    const pdf = new Blob(['%PDF'], { type: 'application/pdf' });
    http.expectOne('/api/invoices/documents/d7').flush(pdf);
    await fixture.whenStable();
    expect(save).toHaveBeenCalledExactlyOnceWith(pdf, 'INV-2026-000007.pdf');
  });

  it('when a payment view has no invoice field (an older server), then the row shows no invoice action', async () => {
    const older = aPayment({ status: 'completed' });
    delete older.invoice;
    http.expectOne(isHistory(null)).flush({ items: [older], nextCursor: null });
    await fixture.whenStable();
    expect(rows().length).toBe(1);
    expect(el().querySelector('[data-testid="payment-invoice"]')).toBeNull();
  });

  it('when a payment paid a subscription cycle, then the row names the plan and links to the subscription', async () => {
    http.expectOne(isHistory(null)).flush({
      items: [
        aPayment({ status: 'completed', course: null, subscription: { id: 's1', planName: 'All Access — Monthly' } }),
      ],
      nextCursor: null,
    });
    await fixture.whenStable();
    const plan = rows()[0].querySelector('[data-testid="payment-plan"]');
    expect(plan?.textContent?.trim()).toBe('All Access — Monthly');
    expect(plan?.getAttribute('href')).toBe('/account/subscription');
  });
});
