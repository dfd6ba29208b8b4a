import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideHttpClient } from '@angular/common/http';
import { provideRouter } from '@angular/router';
import { aPaymentDetail } from '../../testing/admin-fixtures';
import { PaymentSummary } from './payment-summary';

describe('PaymentSummary', () => {
  let fixture: ComponentFixture<PaymentSummary>;
  const text = (testId: string) =>
    (fixture.nativeElement as HTMLElement)
      .querySelector(`[data-testid="${testId}"]`)
      ?.textContent?.replace(/\s+/g, ' ')
      .trim();

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient()] });
    fixture = TestBed.createComponent(PaymentSummary);
  });

  it('when a PayPal subscription payment failed without documents, then it shows the plan, the capture, the failure and no documents', async () => {
    fixture.componentRef.setInput(
      'payment',
      aPaymentDetail({
        provider: 'paypal',
        status: 'failed',
        label: 'failed',
        course: null,
        subscription: { id: 's1', planName: 'All Access — Yearly' },
        providerSessionId: null,
        providerPaymentId: 'CAPTURE-1',
        failureReason: 'Instrument declined',
        invoice: null,
      }).payment,
    );
    await fixture.whenStable();
    expect(text('summary-item')).toBe('All Access — Yearly (subscription)');
    expect(text('summary-references')).toBe('Payment p1Capture CAPTURE-1');
    expect(text('summary-failure')).toBe('Instrument declined');
    expect(text('summary-documents')).toBe('None issued');
    expect(text('summary-status')).toBeUndefined();
    expect(text('summary-review-reason')).toBeUndefined();
  });
});
