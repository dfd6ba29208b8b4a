import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { InteractivityChecker } from '@angular/cdk/a11y';
import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { aPaymentDetail, aReviewItem } from '../../testing/admin-fixtures';
import { ReviewItem, ReviewResolution } from '../admin-models';
import { ResolveDialog, ResolveDialogData, ResolveResult } from './resolve-dialog';

describe('ResolveDialog', () => {
  let http: HttpTestingController;
  let result: Promise<ResolveResult | undefined>;
  const root = () => document.querySelector<HTMLElement>('mat-dialog-container')!;
  const q = <T extends HTMLElement = HTMLElement>(testId: string) =>
    root().querySelector<T>(`[data-testid="${testId}"]`)!;
  const stable = () => TestBed.inject(ApplicationRef).whenStable();

  async function open(item: ReviewItem, resolution: ReviewResolution): Promise<void> {
    const ref = TestBed.inject(MatDialog).open<ResolveDialog, ResolveDialogData, ResolveResult>(ResolveDialog, {
      data: { item, resolution },
    });
    result = new Promise((resolve) => ref.afterClosed().subscribe(resolve));
    await stable();
  }

  async function submit(note: string): Promise<void> {
    q<HTMLTextAreaElement>('resolve-note').value = note;
    q('resolve-note').dispatchEvent(new Event('input'));
    q<HTMLButtonElement>('resolve-confirm').click();
    await stable();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
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
      TestBed.inject(MatDialog).closeAll();
      TestBed.resetTestingModule();
    }
  });

  it('when accepting, then it says what completes, focuses the note, and closes with the payment as it is now', async () => {
    await open(aReviewItem(), 'accept');
    expect(root().querySelector('h2')?.textContent?.trim()).toBe('Accept and enroll?');
    expect(q('resolve-consequence').textContent?.trim()).toBe(
      'The payment of €50.00 by student@example.com completes: they are enrolled in Angular Payments and they get an invoice.',
    );
    expect(document.activeElement).toBe(q('resolve-note'));
    await submit('Checked with the bank');
    const { payment } = aPaymentDetail({ status: 'completed' });
    http.expectOne('/api/admin/review/p1/resolve').flush(payment);
    expect(await result).toEqual({ kind: 'resolved', payment });
  });

  it('when refunding without a confirmed amount, then it names what the provider confirmed in words', async () => {
    await open(aReviewItem({ confirmedAmount: null, provider: 'paypal', course: null }), 'refund');
    expect(root().querySelector('h2')?.textContent?.trim()).toBe('Refund and cancel?');
    expect(q('resolve-consequence').textContent?.trim()).toBe(
      'The checkout is canceled and what PayPal confirmed is refunded in full to student@example.com.',
    );
  });

  it('when the payment is no longer in review, then it closes saying it was resolved already', async () => {
    await open(aReviewItem(), 'refund');
    await submit('Duplicate');
    http
      .expectOne('/api/admin/review/p1/resolve')
      .flush({ error: { code: 'not_in_review', message: 'Not in review' } }, { status: 409, statusText: 'Conflict' });
    expect(await result).toEqual({ kind: 'already_resolved' });
  });

  it('when the note is longer than 500 characters, then it says so and sends nothing', async () => {
    await open(aReviewItem(), 'accept');
    await submit('n'.repeat(501));
    expect(q('resolve-note-error').textContent).toContain('Keep the note to 500 characters (now 501).');
    http.expectNone('/api/admin/review/p1/resolve');
  });

  it('when a chargeback blocks the refund (409 payment_under_dispute), then it stays open and says why', async () => {
    await open(aReviewItem(), 'refund');
    await submit('Wrong amount');
    http.expectOne('/api/admin/review/p1/resolve').flush(
      {
        error: {
          code: 'payment_under_dispute',
          message: 'This payment is under a chargeback; it can be accepted now, or refunded once the dispute closes',
        },
      },
      { status: 409, statusText: 'Conflict' },
    );
    await stable();
    expect(q('resolve-error').textContent).toContain('refunded once the dispute closes');
    expect(q<HTMLButtonElement>('resolve-confirm').disabled).toBe(false);
  });
});
