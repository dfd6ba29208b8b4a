import { HttpRequest, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { InteractivityChecker } from '@angular/cdk/a11y';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import { aPaymentDetail, aRefund, aReviewItem } from '../../testing/admin-fixtures';
import { ReviewQueuePage } from './review-queue-page';

describe('ReviewQueuePage', () => {
  let fixture: ComponentFixture<ReviewQueuePage>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const q = <T extends HTMLElement = HTMLElement>(testId: string, root: ParentNode = el()) =>
    root.querySelector<T>(`[data-testid="${testId}"]`);
  const text = (testId: string, root: ParentNode = el()) => q(testId, root)?.textContent?.replace(/\s+/g, ' ').trim();
  const items = () => Array.from(el().querySelectorAll<HTMLElement>('[data-testid="review-item"]'));
  const item = (id: string) => el().querySelector<HTMLElement>(`[data-testid="review-item"][data-payment-id="${id}"]`)!;
  const dialog = () => document.querySelector<HTMLElement>('mat-dialog-container');
  const isQueue = (cursor: string | null) => (req: HttpRequest<unknown>) =>
    req.url === '/api/admin/review' && req.params.get('cursor') === cursor;

  const SHORT = aReviewItem({ id: 'p1' });
  const OTHER_CURRENCY = aReviewItem({
    id: 'p2',
    user: { id: 'u2', email: 'ana@example.com', name: 'Ana' },
    amount: { amount: 1500, currency: 'JPY' },
    confirmedAmount: null,
    reviewReason: 'PayPal captured USD; the checkout expected JPY',
    provider: 'paypal',
    course: null,
    subscription: { id: 's1', planName: 'All Access — Monthly' },
  });

  /** The dialog reports how it closed a task after it closes. */
  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  async function openWith(...queue: ReturnType<typeof aReviewItem>[]): Promise<void> {
    fixture = TestBed.createComponent(ReviewQueuePage);
    await fixture.whenStable();
    http.expectOne(isQueue(null)).flush({ items: queue, nextCursor: null });
    await fixture.whenStable();
  }

  /** Presses the item's action, writes the note and confirms; gives the resolve request. */
  async function resolve(id: string, action: 'review-accept' | 'review-refund', note: string) {
    q<HTMLButtonElement>(action, item(id))!.click();
    await fixture.whenStable();
    const noteField = q<HTMLTextAreaElement>('resolve-note', dialog()!)!;
    noteField.value = note;
    noteField.dispatchEvent(new Event('input'));
    q<HTMLButtonElement>('resolve-confirm', dialog()!)!.click();
    await fixture.whenStable();
    return http.expectOne(`/api/admin/review/${id}/resolve`);
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
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

  it('when payments are in review, then each shows the reason, expected and confirmed amounts, the student, the date and a link', async () => {
    fixture = TestBed.createComponent(ReviewQueuePage);
    await fixture.whenStable();
    expect(text('loading')).toBe('Loading the review queue…');
    http.expectOne(isQueue(null)).flush({ items: [SHORT, OTHER_CURRENCY], nextCursor: null });
    await fixture.whenStable();

    const [first, second] = items();
    expect(text('review-reason', first)).toBe('Stripe confirmed 45.00 EUR; the checkout expected 50.00 EUR');
    expect(text('review-expected', first)).toBe('€50.00');
    expect(text('review-confirmed', first)).toBe('€45.00');
    expect(text('review-student', first)).toBe('student@example.com Stu Dent');
    expect(first.textContent).toContain('Angular Payments');
    expect(text('review-payment-link', first)).toContain('Mar 1, 2026');
    expect(q('review-payment-link', first)?.getAttribute('href')).toBe('/admin/payments/p1');
    // Every item has the same two buttons: each names the payment it acts on for screen readers.
    expect(text('review-accept', first)).toBe('Accept and enroll: student@example.com, €50.00');
    expect(text('review-refund', second)).toBe('Refund: ana@example.com, ¥1,500');
    expect(text('review-expected', second)).toBe('¥1,500');
    expect(text('review-confirmed', second)).toBe('See the reason');
    expect(second.textContent).toContain('All Access — Monthly');
    expect(second.textContent).toContain('PayPal');
  });

  it('when a payment is accepted with a note, then it leaves the queue and the page says the student is enrolled', async () => {
    await openWith(SHORT, OTHER_CURRENCY);
    const req = await resolve('p1', 'review-accept', '  Customer confirmed\nthe amount ');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ resolution: 'accept', note: 'Customer confirmed the amount' });
    req.flush(aPaymentDetail({ status: 'completed' }).payment);
    await settle();

    expect(dialog()).toBeNull();
    expect(items().map((i) => i.getAttribute('data-payment-id'))).toEqual(['p2']);
    expect(text('review-notice')).toContain('Accepted: student@example.com is enrolled in Angular Payments.');
    expect(q('review-notice')?.getAttribute('role')).toBe('status');
    expect(q('review-notice-payment')?.getAttribute('href')).toBe('/admin/payments/p1');
    expect(document.activeElement).toBe(q('notice-box'));
  });

  it('when a payment is refunded, then the dialog says what is refunded, and the page says how the refund went', async () => {
    await openWith(SHORT);
    q<HTMLButtonElement>('review-refund', item('p1'))!.click();
    await fixture.whenStable();
    expect(text('resolve-consequence', dialog()!)).toBe(
      'The checkout is canceled and the €45.00 Stripe confirmed is refunded in full to student@example.com.',
    );
    dialog()!.querySelector<HTMLButtonElement>('[data-testid="resolve-cancel"]')!.click();
    await fixture.whenStable();
    http.expectNone('/api/admin/review/p1/resolve');

    const req = await resolve('p1', 'review-refund', 'Amount differs');
    expect(req.request.body).toEqual({ resolution: 'refund', note: 'Amount differs' });
    req.flush(
      aPaymentDetail({
        status: 'canceled',
        refunds: [aRefund({ status: 'pending', amount: { amount: 4500, currency: 'EUR' } })],
      }).payment,
    );
    await settle();
    expect(items().length).toBe(0);
    expect(text('review-notice')).toContain(
      'The checkout is canceled; Stripe is processing the refund of €45.00 to student@example.com.',
    );
    expect(text('review-empty')).toBe('Nothing to review.');
  });

  it('when the payment was resolved already (409), then it says so and offers to reload the queue', async () => {
    await openWith(SHORT, OTHER_CURRENCY);
    const req = await resolve('p2', 'review-refund', 'Wrong currency');
    req.flush(
      { error: { code: 'not_in_review', message: 'This payment is not in review' } },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();
    expect(dialog()).toBeNull();
    expect(text('review-notice')).toContain('The payment of ana@example.com was already resolved');
    expect(items().map((i) => i.getAttribute('data-payment-id'))).toEqual(['p1']);

    q<HTMLButtonElement>('review-reload')!.click();
    await fixture.whenStable();
    http.expectOne(isQueue(null)).flush({ items: [SHORT], nextCursor: null });
    await fixture.whenStable();
    expect(q('review-notice')).toBeNull();
    expect(items().length).toBe(1);
  });

  it('when the note is missing, then the dialog asks for one; when sending fails, then it stays open with the error to try again', async () => {
    await openWith(SHORT);
    q<HTMLButtonElement>('review-accept', item('p1'))!.click();
    await fixture.whenStable();
    q<HTMLButtonElement>('resolve-confirm', dialog()!)!.click();
    await fixture.whenStable();
    expect(text('resolve-note-error', dialog()!)).toBe('Write the note.');
    http.expectNone('/api/admin/review/p1/resolve');

    const noteField = q<HTMLTextAreaElement>('resolve-note', dialog()!)!;
    noteField.value = 'Confirmed by phone';
    noteField.dispatchEvent(new Event('input'));
    q<HTMLButtonElement>('resolve-confirm', dialog()!)!.click();
    await fixture.whenStable();
    expect(q<HTMLButtonElement>('resolve-confirm', dialog()!)!.disabled).toBe(true);
    http.expectOne('/api/admin/review/p1/resolve').flush(null, { status: 502, statusText: 'Bad Gateway' });
    await fixture.whenStable();
    expect(text('resolve-error', dialog()!)).toContain('HTTP 502');
    expect(items().length).toBe(1);

    q<HTMLButtonElement>('resolve-confirm', dialog()!)!.click();
    await fixture.whenStable();
    http.expectOne('/api/admin/review/p1/resolve').flush(aPaymentDetail().payment);
    await settle();
    expect(items().length).toBe(0);
  });

  it('when the queue is empty, then it says so; when it has more, then "Load more" reads the next page', async () => {
    fixture = TestBed.createComponent(ReviewQueuePage);
    await fixture.whenStable();
    http.expectOne(isQueue(null)).flush({ items: [SHORT], nextCursor: 'c2' });
    await fixture.whenStable();
    q<HTMLButtonElement>('load-more')!.click();
    await fixture.whenStable();
    http.expectOne(isQueue('c2')).flush({ items: [OTHER_CURRENCY], nextCursor: null });
    await fixture.whenStable();
    expect(items().length).toBe(2);
    expect(q('review-empty')).toBeNull();
  });
});
