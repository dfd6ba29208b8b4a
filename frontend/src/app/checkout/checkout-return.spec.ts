import { HttpRequest, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { CheckoutReturn } from './checkout-return';
import { FileSave } from '../core/browser/file-save';
import { aDocument, aPayment, anInvoiceRef } from '../testing/fixtures';

describe('CheckoutReturn', () => {
  let fixture: ComponentFixture<CheckoutReturn>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const q = (testId: string) => el().querySelector(`[data-testid="${testId}"]`) as HTMLElement | null;
  const status = () => q('payment-status')?.getAttribute('data-status');

  function open(params: Record<string, string>): void {
    fixture = TestBed.createComponent(CheckoutReturn);
    for (const [key, value] of Object.entries(params)) fixture.componentRef.setInput(key, value);
    fixture.detectChanges();
  }

  /** Lets the given time pass on the fake clock, then renders. */
  async function wait(ms: number): Promise<void> {
    await vi.advanceTimersByTimeAsync(ms);
    fixture.detectChanges();
  }

  /**
   * The invoice of a completed payment, already issued: most tests here are about the payment; the
   * ones at the end wait for its invoice (see checkout-invoice.spec.ts for the polling itself).
   */
  const invoice = anInvoiceRef();

  /** Any read of payment p1, with or without `?refresh=true`. */
  const paymentRead = (req: HttpRequest<unknown>) => req.method === 'GET' && req.url === '/api/payments/p1';

  function answerPayment(overrides: Parameters<typeof aPayment>[0]): void {
    http.expectOne(paymentRead).flush(aPayment(overrides));
  }

  beforeEach(() => {
    vi.useFakeTimers();
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

  afterEach(() => {
    fixture?.destroy();
    http.verify();
    vi.useRealTimers();
  });

  it('when the payment completes after a while, then it shows progress and then "You\'re enrolled"', async () => {
    open({ paymentId: 'p1', provider: 'stripe' });
    await wait(0);
    expect(status()).toBe('confirming');
    expect(el().querySelector('h1')?.textContent).toContain('Confirming your payment…');

    answerPayment({ status: 'pending' });
    await wait(1000);
    answerPayment({ status: 'processing' });
    await wait(0);
    expect(status()).toBe('confirming');
    expect(el().textContent).toContain('Processing');

    await wait(1000);
    answerPayment({ status: 'completed', completedAt: '2025-03-01T10:00:05Z', invoice });
    await wait(0);

    expect(status()).toBe('completed');
    expect(el().querySelector('h1')?.textContent).toContain("You're enrolled");
    expect(el().textContent).toContain('€49.00');
    expect(q('go-to-course')?.getAttribute('href')).toBe('/courses/c1');
    expect(q('go-to-learning')?.getAttribute('href')).toBe('/account/learning');

    // No more polling once settled.
    await wait(5000);
    http.expectNone(paymentRead);
  });

  it('when the payment fails, then it shows the decline reason and a way to try again', async () => {
    open({ paymentId: 'p1', provider: 'stripe' });
    await wait(0);
    answerPayment({ status: 'failed', failureReason: 'Your card was declined.' });
    await wait(0);

    expect(status()).toBe('failed');
    expect(el().querySelector('h1')?.textContent).toContain('Payment failed');
    expect(q('failure-reason')?.textContent).toContain('Your card was declined.');
    expect(q('try-again')?.textContent).toContain('Try again');
    expect(q('try-again')?.getAttribute('href')).toBe('/courses/c1');
  });

  it('when the payment is still pending after 60 seconds, then it says so and points to the payment history', async () => {
    open({ paymentId: 'p1', provider: 'stripe' });
    await wait(0);
    for (let second = 0; second < 60; second++) {
      answerPayment({ status: 'pending' });
      await wait(1000);
    }
    answerPayment({ status: 'pending' });
    await wait(1000);

    expect(status()).toBe('timeout');
    expect(q('timeout-message')?.textContent).toContain('still being confirmed');
    expect(el().querySelector('a[href="/account/payments"]')?.textContent).toContain('Payment history');
    http.expectNone(paymentRead);

    // "Check again" polls once more.
    q('check-again')!.click();
    await wait(0);
    answerPayment({ status: 'completed', invoice });
    await wait(0);
    expect(status()).toBe('completed');
  });

  it('keeps polling through transient errors', async () => {
    open({ paymentId: 'p1', provider: 'stripe' });
    await wait(0);
    http.expectOne(paymentRead).flush(null, { status: 503, statusText: 'Unavailable' });
    await wait(1000);
    answerPayment({ status: 'completed', invoice });
    await wait(0);
    expect(status()).toBe('completed');
  });

  it('when the payment does not exist, then it stops and says what to do', async () => {
    open({ paymentId: 'p1', provider: 'stripe' });
    await wait(0);
    http
      .expectOne(paymentRead)
      .flush({ error: { code: 'not_found', message: 'Payment not found' } }, { status: 404, statusText: 'Not Found' });
    await wait(0);
    expect(status()).toBe('error');
    expect(el().textContent).toContain('Payment not found');
    await wait(3000);
    http.expectNone(paymentRead);
  });

  it('when PayPal returns, then it captures the order before polling', async () => {
    open({ paymentId: 'p1', provider: 'paypal', token: 'ORDER-9' });
    await wait(0);
    http.expectNone(paymentRead);
    const capture = http.expectOne('/api/payments/paypal/capture/ORDER-9');
    expect(capture.request.method).toBe('POST');
    capture.flush(aPayment({ provider: 'paypal', status: 'completed' }));
    await wait(0);

    answerPayment({ provider: 'paypal', status: 'completed', invoice });
    await wait(0);
    expect(status()).toBe('completed');
  });

  it("when a saved PayPal wallet paid (the API sends us back without PayPal's token), then it polls without capturing", async () => {
    open({ paymentId: 'p1', provider: 'paypal' });
    await wait(0);
    http.expectNone((req) => req.url.startsWith('/api/payments/paypal/capture'));
    answerPayment({ provider: 'paypal', status: 'completed', invoice });
    await wait(0);
    expect(status()).toBe('completed');
    expect(el().querySelector('h1')?.textContent).toContain("You're enrolled");
    http.expectNone((req) => req.url.startsWith('/api/payments/paypal/capture'));
  });

  it('when PayPal declines the instrument, then it shows the reason and a retry link', async () => {
    open({ paymentId: 'p1', provider: 'paypal', token: 'ORDER-9' });
    await wait(0);
    http
      .expectOne('/api/payments/paypal/capture/ORDER-9')
      .flush(
        { error: { code: 'payment_declined', message: 'The instrument presented was declined.' } },
        { status: 422, statusText: 'Unprocessable Entity' },
      );
    await wait(0);
    answerPayment({ provider: 'paypal', status: 'failed', failureReason: null });
    await wait(0);

    expect(status()).toBe('failed');
    expect(q('failure-reason')?.textContent).toContain('The instrument presented was declined.');
    expect(q('try-again')?.getAttribute('href')).toBe('/courses/c1');
    await wait(3000);
    http.expectNone(paymentRead);
  });

  it('when a PayPal capture fails for another reason, then it still polls (the webhook settles it)', async () => {
    open({ paymentId: 'p1', provider: 'paypal', token: 'ORDER-9' });
    await wait(0);
    http.expectOne('/api/payments/paypal/capture/ORDER-9').flush(null, { status: 502, statusText: 'Bad Gateway' });
    await wait(0);
    answerPayment({ provider: 'paypal', status: 'completed', invoice });
    await wait(0);
    expect(status()).toBe('completed');
  });

  it('when there is no payment id, then it explains where to look', async () => {
    open({});
    await wait(0);
    expect(status()).toBe('error');
    expect(el().textContent).toContain('Payment history');
  });

  it('when it starts polling, then only the first read asks the server to refresh from the provider', async () => {
    open({ paymentId: 'p1', provider: 'stripe' });
    await wait(0);
    const first = http.expectOne(paymentRead);
    expect(first.request.params.get('refresh')).toBe('true');
    first.flush(aPayment({ status: 'pending' }));
    await wait(1000);
    const second = http.expectOne(paymentRead);
    expect(second.request.params.has('refresh')).toBe(false);
    second.flush(aPayment({ status: 'completed', invoice }));
    await wait(0);
    expect(status()).toBe('completed');
  });

  it('when the payment has completed, then it shows its invoice download once the invoice is issued', async () => {
    const invoiceRead = (req: HttpRequest<unknown>) => req.url === '/api/invoices/p1';
    open({ paymentId: 'p1', provider: 'stripe' });
    await wait(0);
    answerPayment({ status: 'completed', invoice: null });
    await wait(0);
    expect(status()).toBe('completed');
    // The invoice section, shown now, asks at once (the fake clock runs a 0 ms timer set during its tick 1 ms later).
    await wait(1);
    http
      .expectOne(invoiceRead)
      .flush({ error: { code: 'invoice_not_ready', message: 'Not yet' } }, { status: 404, statusText: 'Not Found' });
    await wait(0);
    expect(q('checkout-invoice')?.textContent).toContain('Your invoice is being prepared…');

    await wait(2000);
    http.expectOne(invoiceRead).flush({ invoice: aDocument({ number: 'INV-2026-000050' }), creditNotes: [] });
    await wait(0);
    expect(q('download-invoice')?.textContent).toContain('Download invoice INV-2026-000050');
  });

  it('when the page is left while the invoice is being prepared, then it stops asking for it', async () => {
    const invoiceRead = (req: HttpRequest<unknown>) => req.url === '/api/invoices/p1';
    open({ paymentId: 'p1', provider: 'stripe' });
    await wait(0);
    answerPayment({ status: 'completed' });
    await wait(0);
    // The invoice section, shown now, asks at once (the fake clock runs a 0 ms timer set during its tick 1 ms later).
    await wait(1);
    http
      .expectOne(invoiceRead)
      .flush({ error: { code: 'invoice_not_ready', message: 'Not yet' } }, { status: 404, statusText: 'Not Found' });

    fixture.destroy();
    await vi.advanceTimersByTimeAsync(30_000);
    http.expectNone(invoiceRead);
  });

  it('when the payment is not completed, then no invoice is asked for', async () => {
    open({ paymentId: 'p1', provider: 'stripe' });
    await wait(0);
    answerPayment({ status: 'requires_review' });
    await wait(2000);
    expect(status()).toBe('review');
    expect(q('checkout-invoice')).toBeNull();
    http.expectNone((req) => req.url.startsWith('/api/invoices/'));
  });
});
