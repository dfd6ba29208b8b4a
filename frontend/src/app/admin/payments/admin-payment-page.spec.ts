import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { InteractivityChecker } from '@angular/cdk/a11y';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import { aPaymentDetail, aRefund, aTimelineEntry } from '../../testing/admin-fixtures';
import { AdminPaymentPage, REFUND_FOLLOW_CONFIG } from './admin-payment-page';

const DETAIL_URL = '/api/admin/payments/p1';

describe('AdminPaymentPage', () => {
  let fixture: ComponentFixture<AdminPaymentPage>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const q = <T extends HTMLElement = HTMLElement>(testId: string, root: ParentNode = el()) =>
    root.querySelector<T>(`[data-testid="${testId}"]`);
  const text = (testId: string, root: ParentNode = el()) => q(testId, root)?.textContent?.replace(/\s+/g, ' ').trim();
  const dialog = () => document.querySelector<HTMLElement>('mat-dialog-container');
  const inDialog = <T extends HTMLElement = HTMLElement>(testId: string) =>
    dialog()!.querySelector<T>(`[data-testid="${testId}"]`)!;
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /** The next read of the payment, which a poll makes on its own timer. */
  async function nextRead(): Promise<TestRequest> {
    for (let tries = 0; tries < 100; tries++) {
      const [read] = http.match(DETAIL_URL);
      if (read) return read;
      await wait(2);
    }
    throw new Error(`No read of ${DETAIL_URL}`);
  }

  async function open(): Promise<void> {
    fixture = TestBed.createComponent(AdminPaymentPage);
    fixture.componentRef.setInput('id', 'p1');
    await fixture.whenStable();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: REFUND_FOLLOW_CONFIG, useValue: { intervalMs: 20, timeoutMs: 60 } },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        {
          provide: InteractivityChecker,
          useValue: {
            isVisible: () => true,
            isFocusable: (e: HTMLElement) => !e.hasAttribute('disabled'),
            isTabbable: (e: HTMLElement) => !e.hasAttribute('disabled'),
            isDisabled: (e: HTMLElement) => e.hasAttribute('disabled'),
          },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    try {
      http.verify();
    } finally {
      TestBed.resetTestingModule();
    }
  });

  it('when the payment is read, then it shows who paid what, what is left, the references and the documents', async () => {
    await open();
    expect(text('loading')).toBe('Loading the payment…');
    http.expectOne(DETAIL_URL).flush(
      aPaymentDetail({
        label: 'partially_refunded',
        refundedAmount: { amount: 1250, currency: 'EUR' },
        refundableAmount: { amount: 3750, currency: 'EUR' },
        creditNotes: [{ id: 'd2', number: 'CN-2026-000007', downloadUrl: '/api/invoices/documents/d2' }],
      }),
    );
    await fixture.whenStable();

    expect(text('payment-title')).toBe('€50.00 by Stu Dent Partially refunded');
    expect(text('summary-student')).toContain('student@example.com');
    expect(q('summary-other-payments')?.getAttribute('href')).toBe('/admin/payments?q=student@example.com');
    expect(text('summary-item')).toBe('Angular Payments');
    expect(text('summary-paid')).toBe('€50.00');
    expect(text('summary-refunded')).toBe('€12.50');
    expect(text('summary-refundable')).toBe('€37.50');
    expect(text('summary-label')).toBe('Partially refunded');
    expect(text('summary-status')).toBe('Checkout: Completed');
    expect(text('summary-provider')).toBe('Stripe');
    const references = Array.from(q('summary-references')!.children, (c) => c.textContent?.replace(/\s+/g, ' ').trim());
    expect(references).toEqual(['Payment p1', 'Checkout cs_test_1', 'Payment intent pi_test_1']);
    expect(text('summary-invoice')).toBe('Invoice INV-2026-000042');
    expect(text('summary-credit-note')).toBe('Credit note CN-2026-000007');
    expect(q<HTMLButtonElement>('refund-button')!.disabled).toBe(false);
    expect(q('refund-blocked')).toBeNull();
    expect(q('back-to-payments')?.getAttribute('href')).toBe('/admin/payments');
  });

  it('when the payment was in review, then it shows the reason and what the provider confirmed', async () => {
    await open();
    http.expectOne(DETAIL_URL).flush(
      aPaymentDetail({
        status: 'requires_review',
        label: 'requires_review',
        refundableAmount: { amount: 0, currency: 'EUR' },
        reviewReason: 'Stripe confirmed 45.00 EUR; the checkout expected 50.00 EUR',
        confirmedAmount: { amount: 4500, currency: 'EUR' },
      }),
    );
    await fixture.whenStable();
    expect(text('summary-review-reason')).toBe(
      'Stripe confirmed 45.00 EUR; the checkout expected 50.00 EUR The provider confirmed €45.00.',
    );
    expect(text('refund-blocked')).toBe('This payment is in review: accept or refund it from the review queue.');
  });

  it('when nothing is left to refund, then the Refund button is disabled, says why, and opens nothing', async () => {
    await open();
    http.expectOne(DETAIL_URL).flush(
      aPaymentDetail({
        label: 'refunded',
        refundedAmount: { amount: 5000, currency: 'EUR' },
        refundableAmount: { amount: 0, currency: 'EUR' },
        refunds: [aRefund({ status: 'succeeded', amount: { amount: 5000, currency: 'EUR' } })],
      }),
    );
    await fixture.whenStable();
    const button = q<HTMLButtonElement>('refund-button')!;
    // Still focusable, so a keyboard user reaches it and hears why it does nothing.
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(button.getAttribute('aria-describedby')).toBe('refund-blocked');
    expect(text('refund-blocked')).toBe('Nothing is left to refund.');
    expect(el().querySelector('#refund-blocked')).toBe(q('refund-blocked'));
    button.click();
    await fixture.whenStable();
    expect(dialog()).toBeNull();
  });

  it('when a refund is made, then the page reads the payment again until the refund settles, and the timeline shows it', async () => {
    await open();
    http.expectOne(DETAIL_URL).flush(aPaymentDetail());
    await fixture.whenStable();

    q<HTMLButtonElement>('refund-button')!.click();
    await fixture.whenStable();
    const reason = inDialog<HTMLTextAreaElement>('refund-reason');
    reason.value = 'Asked by email';
    reason.dispatchEvent(new Event('input'));
    inDialog<HTMLButtonElement>('refund-continue').click();
    await fixture.whenStable();
    inDialog<HTMLButtonElement>('refund-confirm').click();
    await fixture.whenStable();
    const pending = aRefund({ status: 'pending', amount: { amount: 5000, currency: 'EUR' } });
    http.expectOne('/api/payments/refund/p1').flush({ refund: pending }, { status: 201, statusText: 'Created' });
    await fixture.whenStable();

    // The dialog shows the answer while the page reads the payment behind it.
    expect(inDialog('refund-outcome').textContent).toContain('Stripe took the refund of €50.00');
    const requested = aTimelineEntry({ kind: 'refund', title: 'Refund of €50.00 requested', status: 'pending' });
    (await nextRead()).flush(
      aPaymentDetail({ refunds: [pending], refundableAmount: { amount: 0, currency: 'EUR' } }, [
        aTimelineEntry(),
        requested,
      ]),
    );
    await fixture.whenStable();
    expect(text('refund-follow')).toBe('Waiting for Stripe to settle the refund…');
    expect(text('refund-blocked')).toBe('What is left is already in a refund on its way.');

    const succeeded = aTimelineEntry({
      kind: 'refund',
      title: 'Refund of €50.00 succeeded',
      status: 'succeeded',
      actor: { kind: 'webhook:stripe', userId: null, email: null },
    });
    (await nextRead()).flush(
      aPaymentDetail(
        {
          label: 'refunded',
          refunds: [{ ...pending, status: 'succeeded' }],
          refundedAmount: { amount: 5000, currency: 'EUR' },
          refundableAmount: { amount: 0, currency: 'EUR' },
        },
        [aTimelineEntry(), requested, succeeded],
      ),
    );
    await fixture.whenStable();
    expect(text('refund-follow')).toBe('');
    expect(text('payment-label')).toBe('Refunded');
    const titles = Array.from(el().querySelectorAll('[data-testid="entry-title"]'), (e) => e.textContent?.trim());
    expect(titles).toEqual([
      'Checkout started with Stripe',
      'Refund of €50.00 requested',
      'Refund of €50.00 succeeded',
    ]);
    await wait(80);
    http.expectNone(DETAIL_URL);
  });

  it('when the refund is still pending after the follow time, then it says how it will settle and can check again', async () => {
    await open();
    http.expectOne(DETAIL_URL).flush(aPaymentDetail());
    await fixture.whenStable();
    const pending = aPaymentDetail({ refunds: [aRefund({ status: 'pending' })] });

    fixture.componentInstance['readAgain']();
    // One read at once, then one per interval until the follow time (60 ms every 20 ms).
    for (let read = 0; read < 4; read++) (await nextRead()).flush(pending);
    await wait(30);
    await fixture.whenStable();
    expect(text('refund-follow')).toContain('The refund is still pending at Stripe');

    q<HTMLButtonElement>('refund-check-again')!.click();
    (await nextRead()).flush(aPaymentDetail({ refunds: [aRefund({ status: 'succeeded' })] }));
    await fixture.whenStable();
    expect(text('refund-follow')).toBe('');
  });

  it('when the payment does not exist, then it says so', async () => {
    await open();
    http
      .expectOne(DETAIL_URL)
      .flush({ error: { code: 'not_found', message: 'Payment not found' } }, { status: 404, statusText: 'Not Found' });
    await fixture.whenStable();
    expect(text('payment-not-found')).toContain('No payment has this id.');
    expect(q('refund-button')).toBeNull();
  });

  it('when reading fails, then "Try again" reads it again', async () => {
    await open();
    http.expectOne(DETAIL_URL).flush(null, { status: 503, statusText: 'Unavailable' });
    await fixture.whenStable();
    const alert = q('error-alert')!;
    expect(alert.textContent).toContain('HTTP 503');
    alert.querySelector('button')!.click();
    await fixture.whenStable();
    http.expectOne(DETAIL_URL).flush(aPaymentDetail());
    await fixture.whenStable();
    expect(q('payment-summary')).not.toBeNull();
  });
});
