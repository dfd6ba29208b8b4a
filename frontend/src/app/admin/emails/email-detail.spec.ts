import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { AdminEmail } from './email-models';
import { EmailDetail } from './email-detail';
import { anEmail } from './email-fixtures';

describe('EmailDetail', () => {
  let fixture: ComponentFixture<EmailDetail>;
  const el = () => fixture.nativeElement as HTMLElement;
  const q = (testId: string) => el().querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  const text = (testId: string) => q(testId)?.textContent?.replace(/\s+/g, ' ').trim();

  async function show(email: AdminEmail): Promise<void> {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    fixture = TestBed.createComponent(EmailDetail);
    fixture.componentRef.setInput('email', email);
    await fixture.whenStable();
  }

  it('when a receipt is shown, then it has its key, a link to the payment, its times and resends', async () => {
    await show(anEmail({ resends: 2 }));
    expect(text('email-key')).toBe('receipt:p1');
    expect(text('email-to')).toBe('ana@example.com');
    expect(q('email-payment-link')?.getAttribute('href')).toBe('/admin/payments/p1');
    expect(text('email-payment-link')).toBe('p1');
    expect(text('email-sent-at')).toContain('Mar 1, 2026');
    expect(text('email-resends')).toBe('2');
    expect(q('email-last-error')).toBeNull();
    expect(q('email-subscription-id')).toBeNull();
  });

  it('when a renewal failed to send, then the subscription and dispute ids show as text and the whole error is kept', async () => {
    const error = 'Error: 550 mailbox unavailable\n    at SMTPConnection._formatError (smtp-connection.js:1)';
    await show(
      anEmail({
        kind: 'renewal_failed',
        key: 'renewal-failed:s1:in_1',
        status: 'failed',
        paymentId: null,
        subscriptionId: 's1',
        disputeId: 'd1',
        refundId: 'r1',
        sentAt: null,
        lastError: error,
      }),
    );
    expect(q('email-payment-link')).toBeNull();
    expect(text('email-subscription-id')).toBe('s1');
    expect(text('email-dispute-id')).toBe('d1');
    expect(text('email-refund-id')).toBe('r1');
    expect(text('email-sent-at')).toBe('Not yet');
    expect(q('email-last-error')?.textContent).toBe(error);
  });
});
