import { HttpRequest, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { FileSave } from '../core/browser/file-save';
import { CheckoutInvoice } from './checkout-invoice';
import { aDocument, anInvoiceRef } from '../testing/fixtures';

describe('CheckoutInvoice', () => {
  let fixture: ComponentFixture<CheckoutInvoice>;
  let http: HttpTestingController;
  let save: ReturnType<typeof vi.fn<(blob: Blob, fileName: string) => void>>;
  const el = () => fixture.nativeElement as HTMLElement;
  const q = (testId: string) => el().querySelector(`[data-testid="${testId}"]`) as HTMLElement | null;
  const state = () => q('checkout-invoice')?.getAttribute('data-state');

  const invoiceRead = (req: HttpRequest<unknown>) =>
    req.method === 'GET' && req.url === '/api/invoices/p1' && req.params.get('format') === 'json';
  const notReady = () =>
    http
      .expectOne(invoiceRead)
      .flush(
        { error: { code: 'invoice_not_ready', message: 'The invoice is being issued' } },
        { status: 404, statusText: 'Not Found' },
      );
  const issued = () => http.expectOne(invoiceRead).flush({ invoice: aDocument(), creditNotes: [] });

  function open(inputs: Record<string, unknown> = {}): void {
    fixture = TestBed.createComponent(CheckoutInvoice);
    fixture.componentRef.setInput('paymentId', 'p1');
    for (const [key, value] of Object.entries(inputs)) fixture.componentRef.setInput(key, value);
    fixture.detectChanges();
  }

  /** Lets the given time pass on the fake clock, then renders. */
  async function wait(ms: number): Promise<void> {
    await vi.advanceTimersByTimeAsync(ms);
    fixture.detectChanges();
  }

  beforeEach(() => {
    vi.useFakeTimers();
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
  });

  afterEach(() => {
    fixture?.destroy();
    http.verify();
    vi.useRealTimers();
  });

  it('when the invoice is not ready yet, then it says so and asks again every 2 s until it can be downloaded', async () => {
    open();
    await wait(0);
    notReady();
    await wait(0);
    expect(state()).toBe('preparing');
    expect(el().textContent).toContain('Your invoice is being prepared…');
    expect(el().querySelector('[aria-live="polite"]')?.textContent).toContain('being prepared');

    await wait(1999);
    http.expectNone(invoiceRead);
    await wait(1);
    notReady();
    await wait(2000);
    issued();
    await wait(0);

    expect(state()).toBe('ready');
    expect(el().textContent).toContain('Your invoice INV-2026-000042 is ready.');
    const button = q('download-invoice')?.querySelector('button') as HTMLButtonElement;
    expect(button.textContent?.trim()).toBe('Download invoice INV-2026-000042');

    // Settled: no more reads.
    await wait(10_000);
    http.expectNone(invoiceRead);

    button.click();
    const pdf = new Blob(['%PDF'], { type: 'application/pdf' });
    http.expectOne('/api/invoices/documents/d1').flush(pdf);
    await wait(0);
    expect(save).toHaveBeenCalledExactlyOnceWith(pdf, 'INV-2026-000042.pdf');
  });

  it('when the invoice is still not ready after 30 s, then it stops, points to Invoices, and "Check again" polls again', async () => {
    open();
    await wait(0);
    for (let second = 0; second < 30; second += 2) {
      notReady();
      await wait(2000);
    }
    notReady(); // the read at 30 s
    await wait(0);

    expect(state()).toBe('delayed');
    expect(q('invoice-delayed')?.textContent).toContain('taking longer than usual');
    expect(el().querySelector('a[href="/account/invoices"]')?.textContent).toContain('Invoices');
    await wait(10_000);
    http.expectNone(invoiceRead);

    q('invoice-check-again')!.click();
    fixture.detectChanges(); // the click starts a new round of polling
    expect(state()).toBe('preparing');
    await wait(0);
    issued();
    await wait(0);
    expect(state()).toBe('ready');
  });

  it('when the server or the network fails for a moment, then it keeps asking', async () => {
    open();
    await wait(0);
    http.expectOne(invoiceRead).flush(null, { status: 503, statusText: 'Unavailable' });
    await wait(2000);
    http.expectOne(invoiceRead).flush(null, { status: 0, statusText: 'Unknown Error' });
    await wait(2000);
    issued();
    await wait(0);
    expect(state()).toBe('ready');
  });

  it('when there is no such payment, then it stops and says why', async () => {
    open();
    await wait(0);
    http
      .expectOne(invoiceRead)
      .flush({ error: { code: 'not_found', message: 'Payment not found' } }, { status: 404, statusText: 'Not Found' });
    await wait(0);

    expect(state()).toBe('error');
    expect(el().querySelector('[role="alert"]')?.textContent).toContain(
      "We couldn't get your invoice. Payment not found",
    );
    await wait(10_000);
    http.expectNone(invoiceRead);
  });

  it('when the page goes away while it waits, then the polling stops', async () => {
    open();
    await wait(0);
    notReady();
    await wait(2000);
    const inFlight = http.expectOne(invoiceRead);

    fixture.destroy();
    expect(inFlight.cancelled).toBe(true);
    await vi.advanceTimersByTimeAsync(30_000);
    http.expectNone(invoiceRead);
  });

  it('when the payment already names its invoice, then it offers the download without asking', async () => {
    open({ invoice: anInvoiceRef({ id: 'd9', number: 'INV-2026-000099' }) });
    await wait(0);
    http.expectNone(invoiceRead);
    expect(state()).toBe('ready');
    (q('download-invoice')?.querySelector('button') as HTMLButtonElement).click();
    http.expectOne('/api/invoices/documents/d9').flush(new Blob(['%PDF']));
    await wait(0);
    expect(save).toHaveBeenCalledWith(expect.any(Blob), 'INV-2026-000099.pdf');
  });
});
