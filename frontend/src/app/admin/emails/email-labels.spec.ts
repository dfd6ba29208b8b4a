import { EMAIL_KINDS, EMAIL_KIND_LABELS, errorExcerpt, resendBlockedReason, resendQuestion } from './email-labels';

describe('email labels', () => {
  it('when a kind is listed, then it has its words, in the order of the backend kinds', () => {
    expect(EMAIL_KINDS).toEqual([
      'purchase_receipt',
      'refund_confirmation',
      'subscription_started',
      'subscription_renewed',
      'renewal_failed',
      'payment_action_required',
      'subscription_canceled',
      'subscription_ending_soon',
      'dispute_opened',
      'admin_digest',
    ]);
    expect(EMAIL_KIND_LABELS.renewal_failed).toBe('Renewal failed');
    expect(EMAIL_KIND_LABELS.admin_digest).toBe('Daily digest');
  });
});

describe('resendQuestion', () => {
  it('when the email has an address, then the question names the email and the address', () => {
    expect(resendQuestion({ kind: 'purchase_receipt', to: 'ana@example.com' })).toBe(
      'Send the purchase receipt to ana@example.com again?',
    );
    expect(resendQuestion({ kind: 'renewal_failed', to: 'ana@example.com' })).toBe(
      'Send the “renewal failed” email to ana@example.com again?',
    );
  });

  it('when no address is known yet, then it names who the email goes to', () => {
    expect(resendQuestion({ kind: 'admin_digest', to: null })).toBe(
      'Send the daily digest to the admin address again?',
    );
    expect(resendQuestion({ kind: 'refund_confirmation', to: null })).toBe(
      'Send the refund confirmation to the student again?',
    );
  });
});

describe('resendBlockedReason', () => {
  it('when the email is still in flight, then there is a reason; once settled, none', () => {
    expect(resendBlockedReason('queued')).toBe('Queued: it goes out shortly.');
    expect(resendBlockedReason('sending')).toBe('Being sent right now.');
    expect(resendBlockedReason('retrying')).toBe('An attempt failed; it will be tried again.');
    expect(resendBlockedReason('sent')).toBeNull();
    expect(resendBlockedReason('failed')).toBeNull();
    expect(resendBlockedReason('skipped')).toBeNull();
  });
});

describe('errorExcerpt', () => {
  it('when the error is long or spans lines, then the table gets its first 80 characters on one line', () => {
    const long = `Error: 421 too many connections\n    at SMTPConnection (${'x'.repeat(100)})`;
    const excerpt = errorExcerpt(long)!;
    expect(excerpt).toHaveLength(80);
    expect(excerpt.startsWith('Error: 421 too many connections at SMTPConnection (')).toBe(true);
    expect(excerpt.endsWith('…')).toBe(true);
  });

  it('when the error is short or absent, then it is shown as is or not at all', () => {
    expect(errorExcerpt('ECONNREFUSED')).toBe('ECONNREFUSED');
    expect(errorExcerpt(null)).toBeNull();
  });
});
