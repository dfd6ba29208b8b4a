import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { InteractivityChecker } from '@angular/cdk/a11y';
import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog, MatDialogRef } from '@angular/material/dialog';
import { aPaymentDetail, aRefund } from '../../testing/admin-fixtures';
import { AdminPaymentDetail, AdminRefund } from '../admin-models';
import { RefundDialog, RefundDialogData } from './refund-dialog';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('RefundDialog', () => {
  let http: HttpTestingController;
  let ref: MatDialogRef<RefundDialog, AdminRefund | undefined>;
  let changes: (AdminRefund | null)[];
  const root = () => document.querySelector<HTMLElement>('mat-dialog-container')!;
  const q = <T extends HTMLElement = HTMLElement>(testId: string) =>
    root()?.querySelector<T>(`[data-testid="${testId}"]`) ?? null;
  const text = (testId: string) => q(testId)?.textContent?.replace(/\s+/g, ' ').trim();
  const stable = () => TestBed.inject(ApplicationRef).whenStable();

  async function open(payment: Partial<AdminPaymentDetail['payment']> = {}): Promise<void> {
    ref = TestBed.inject(MatDialog).open<RefundDialog, RefundDialogData, AdminRefund | undefined>(RefundDialog, {
      data: { payment: aPaymentDetail(payment).payment },
    });
    changes = [];
    ref.componentInstance.changed.subscribe((change) => changes.push(change));
    await stable();
  }

  async function type(testId: string, value: string): Promise<void> {
    const field = q<HTMLInputElement | HTMLTextAreaElement>(testId)!;
    field.value = value;
    field.dispatchEvent(new Event('input'));
    await stable();
  }

  async function click(testId: string): Promise<void> {
    const target = q(testId)!;
    // A radio button is clicked on its input, like a person clicking its label.
    (target.querySelector<HTMLElement>('input[type="radio"]') ?? target).click();
    await stable();
  }

  /** Fills the form (a partial amount when given) and goes to the confirmation. */
  async function ask(reason: string, amount?: string): Promise<void> {
    if (amount !== undefined) {
      await click('refund-partial');
      await type('refund-amount', amount);
    }
    await type('refund-reason', reason);
    await click('refund-continue');
  }

  const refundRequest = (): TestRequest => http.expectOne('/api/payments/refund/p1');

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        // jsdom lays nothing out, so the dialog's focus trap would find nothing visible to focus.
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

  it('when a full refund is confirmed, then it spells the amount out, posts it with a key and the reason, and shows the result', async () => {
    await open();
    expect(root().getAttribute('role')).toBe('dialog');
    expect(text('refund-refundable')).toBe(
      '€50.00 can be refunded of the €50.00 paid for Angular Payments with Stripe.',
    );
    expect(text('refund-full')).toContain('Everything left: €50.00');

    await ask('  Asked by email,\nticket 42 ');
    expect(text('refund-confirm-text')).toBe('Refund €50.00 of €50.00 to student@example.com?');
    expect(root().textContent).toContain('Reason: Asked by email, ticket 42');
    http.expectNone('/api/payments/refund/p1');
    expect(text('refund-confirm')).toBe('Refund €50.00');

    await click('refund-confirm');
    const req = refundRequest();
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ amount: 5000, reason: 'Asked by email, ticket 42' });
    expect(req.request.headers.get('Idempotency-Key')).toMatch(UUID);
    expect(text('refund-sending')).toBe('Asking Stripe to refund…');
    expect((q('refund-confirm') as HTMLButtonElement).disabled).toBe(true);

    const refund = aRefund({ amount: { amount: 5000, currency: 'EUR' }, status: 'succeeded' });
    req.flush({ refund }, { status: 201, statusText: 'Created' });
    await stable();
    expect(text('refund-outcome')).toBe('Refunded €50.00 to student@example.com.');
    expect(q('refund-outcome')?.getAttribute('role')).toBe('status');
    expect(changes).toEqual([refund]);

    const closed = new Promise((resolve) => ref.afterClosed().subscribe(resolve));
    await click('refund-close');
    expect(await closed).toEqual(refund);
  });

  it('when a JPY amount has decimals, is zero, negative or above what is left, then it says what to fix; a whole amount goes through', async () => {
    await open({
      amount: { amount: 1500, currency: 'JPY' },
      refundableAmount: { amount: 1500, currency: 'JPY' },
      refundedAmount: { amount: 0, currency: 'JPY' },
    });
    await click('refund-partial');
    expect(root().textContent).toContain('At most ¥1,500; no decimals');
    for (const [typed, message] of [
      ['100.5', 'JPY has no decimals: enter a whole number, e.g. 1200.'],
      ['0', 'The amount must be more than zero.'],
      ['-100', 'Enter the amount without a minus sign.'],
      ['1501', 'At most ¥1,500 can be refunded.'],
      ['lots', 'Enter the amount as a number with a point for decimals, e.g. 1200.'],
    ]) {
      await ask('Goodwill', typed);
      expect(text('refund-amount-error')).toBe(message);
      expect(q('refund-amount')?.getAttribute('aria-invalid')).toBe('true');
      expect(q('refund-confirm-text')).toBeNull();
    }
    await ask('Goodwill', '500');
    expect(text('refund-confirm-text')).toBe('Refund ¥500 of ¥1,500 to student@example.com?');
    await click('refund-confirm');
    expect(refundRequest().request.body).toEqual({ amount: 500, reason: 'Goodwill' });
  });

  it('when a KWD amount has three decimals, then it is sent in fils; four are refused', async () => {
    await open({
      amount: { amount: 12345, currency: 'KWD' },
      refundableAmount: { amount: 12345, currency: 'KWD' },
      refundedAmount: { amount: 0, currency: 'KWD' },
    });
    await ask('Partial', '1.2345');
    expect(text('refund-amount-error')).toBe('KWD takes at most 3 decimals, e.g. 12.500.');
    await ask('Partial', '1.234');
    expect(text('refund-confirm-text')).toMatch(/^Refund KWD\s1\.234 of KWD\s12\.345 to student@example\.com\?$/);
    await click('refund-confirm');
    expect(refundRequest().request.body).toEqual({ amount: 1234, reason: 'Partial' });
  });

  it('when a part of a EUR payment is refunded, then cents are kept exactly', async () => {
    await open();
    await ask('Late access', '12.5');
    expect(text('refund-confirm-text')).toBe('Refund €12.50 of €50.00 to student@example.com?');
    await click('refund-confirm');
    expect(refundRequest().request.body).toEqual({ amount: 1250, reason: 'Late access' });
  });

  it('when the reason is missing or too long, then it asks for one and nothing is sent', async () => {
    await open();
    await click('refund-continue');
    expect(text('refund-reason-error')).toBe('Write the reason.');
    await type('refund-reason', 'x'.repeat(501));
    expect(root().textContent).toContain('501/500');
    await click('refund-continue');
    expect(text('refund-reason-error')).toBe('Keep the reason to 500 characters (now 501).');
    expect(q('refund-confirm-text')).toBeNull();
  });

  it('when the network fails, then "Try again" sends the same refund with the same key, and closing waits while it runs', async () => {
    await open();
    await ask('Duplicate');
    await click('refund-confirm');
    expect(ref.disableClose).toBe(true);
    const first = refundRequest();
    const key = first.request.headers.get('Idempotency-Key');
    first.error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
    await stable();
    expect(ref.disableClose).toBe(false);
    expect(text('refund-error')).toContain("Can't reach the server.");
    expect(text('refund-error')).toContain('Trying again is safe');
    expect(changes).toEqual([]);

    await click('refund-confirm');
    const second = refundRequest();
    expect(second.request.headers.get('Idempotency-Key')).toBe(key);
    expect(second.request.body).toEqual(first.request.body);
    second.flush({ refund: aRefund({ status: 'pending', amount: { amount: 5000, currency: 'EUR' } }) });
    await stable();
    expect(text('refund-outcome')).toBe(
      'Stripe took the refund of €50.00 and is processing it; the payment page shows when it completes.',
    );
  });

  it('when the admin goes back after a failure and confirms a changed refund, then it is a new refund with a new key', async () => {
    await open();
    await ask('First thought', '10');
    await click('refund-confirm');
    const first = refundRequest();
    first.flush(null, { status: 503, statusText: 'Unavailable' });
    await stable();

    await click('refund-back');
    expect(q<HTMLInputElement>('refund-amount')?.value).toBe('10');
    await ask('Second thought', '20');
    await click('refund-confirm');
    const second = refundRequest();
    expect(second.request.body).toEqual({ amount: 2000, reason: 'Second thought' });
    expect(second.request.headers.get('Idempotency-Key')).toMatch(UUID);
    expect(second.request.headers.get('Idempotency-Key')).not.toBe(first.request.headers.get('Idempotency-Key'));
    second.flush({ refund: aRefund({ amount: { amount: 2000, currency: 'EUR' } }) });
  });

  it('when the API says the payment is not refundable (409), then it shows why, offers no retry, and tells the page', async () => {
    await open();
    await ask('Chargeback filed');
    await click('refund-confirm');
    refundRequest().flush(
      {
        error: {
          code: 'payment_not_refundable',
          message: 'This payment is under a chargeback; no refund is possible until the dispute closes',
          details: { reason: 'under_dispute', refundableAmount: { amount: 5000, currency: 'EUR' } },
        },
      },
      { status: 409, statusText: 'Conflict' },
    );
    await stable();
    expect(text('refund-error')).toBe(
      'This payment is under a chargeback; no refund is possible until the dispute closes',
    );
    expect(q('refund-error')?.getAttribute('role')).toBe('alert');
    expect(q('refund-confirm')).toBeNull();
    expect(changes).toEqual([null]);
  });

  it('when more than is left was asked (422), then it shows what is left now and asks to choose again', async () => {
    await open();
    await ask('Full refund');
    await click('refund-confirm');
    refundRequest().flush(
      {
        error: {
          code: 'amount_exceeds_refundable',
          message: 'At most 3000 minor units of EUR can be refunded',
          details: { refundableAmount: { amount: 3000, currency: 'EUR' } },
        },
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await stable();
    expect(text('refund-error')).toBe(
      'Only €30.00 can be refunded now: the payment changed since this page was read. Choose the amount again.',
    );
    expect(q('refund-form')).not.toBeNull();
    expect(text('refund-full')).toContain('Everything left: €30.00');
    expect(text('refund-refundable')).toContain('€30.00 can be refunded');
    expect(changes).toEqual([null]);

    await click('refund-continue');
    expect(text('refund-confirm-text')).toBe('Refund €30.00 of €50.00 to student@example.com?');
    expect(q('refund-error')).toBeNull();
  });

  it("when the provider refuses the refund, then it says so with the provider's reason", async () => {
    await open({ provider: 'paypal' });
    await ask('Requested');
    await click('refund-confirm');
    refundRequest().flush({
      refund: aRefund({ status: 'failed', failureReason: 'TRANSACTION_REFUSED: The refund was refused' }),
    });
    await stable();
    expect(text('refund-outcome')).toBe(
      'PayPal refused the refund: TRANSACTION_REFUSED: The refund was refused. Nothing was refunded.',
    );
    expect(q('refund-outcome')?.getAttribute('role')).toBe('alert');
  });

  it('when nothing is left to refund, then Continue is disabled', async () => {
    await open({ refundableAmount: { amount: 0, currency: 'EUR' } });
    expect((q('refund-continue') as HTMLButtonElement).disabled).toBe(true);
  });
});
