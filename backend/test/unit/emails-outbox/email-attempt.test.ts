import {
  decideAfterFailedAttempt,
  describeFailure,
  MAX_ERROR_LENGTH,
  outboxMessageId,
  queueRetriesFor,
} from '../../../src/domain/emails/email-attempt';

const ID = '6f1c7a52-1d2e-4a8b-9c3d-5e6f7a8b9c0d';

describe('after a failed attempt', () => {
  it('when attempts are left, then it is retried; when the last one failed, then it is given up', () => {
    expect(decideAfterFailedAttempt(1, 8)).toEqual({ outcome: 'retry' });
    expect(decideAfterFailedAttempt(7, 8)).toEqual({ outcome: 'retry' });
    expect(decideAfterFailedAttempt(8, 8)).toEqual({ outcome: 'give_up' });
    expect(decideAfterFailedAttempt(1, 1)).toEqual({ outcome: 'give_up' });
    // Attempts used before a resend lowered the limit: never a retry past it.
    expect(decideAfterFailedAttempt(9, 8)).toEqual({ outcome: 'give_up' });
  });

  it('when a job is handed over, then the queue retries it once per attempt left after its first run', () => {
    expect(queueRetriesFor(0, 8)).toBe(7);
    expect(queueRetriesFor(3, 8)).toBe(4);
    expect(queueRetriesFor(7, 8)).toBe(0);
    expect(queueRetriesFor(8, 8)).toBe(0);
    expect(queueRetriesFor(0, 1)).toBe(0);
  });
});

describe('the Message-ID of an email', () => {
  it('when attempted again, then the same; when resent by an admin, then a new one', () => {
    const first = outboxMessageId(ID, 0, 'LearnPay <billing@learnpay.example>');
    expect(first).toBe(`<email-${ID}.0@learnpay.example>`);
    expect(outboxMessageId(ID, 0, 'LearnPay <billing@learnpay.example>')).toBe(first);
    expect(outboxMessageId(ID, 1, 'LearnPay <billing@learnpay.example>')).toBe(`<email-${ID}.1@learnpay.example>`);
  });

  it("when From is a bare address, then its domain is the Message-ID's", () => {
    expect(outboxMessageId(ID, 2, 'billing@school.example')).toBe(`<email-${ID}.2@school.example>`);
    expect(outboxMessageId(ID, 0, 'no-domain')).toBe(`<email-${ID}.0@localhost>`);
  });
});

describe('an error as the outbox keeps it', () => {
  it('when it names a URL with credentials, then they are removed', () => {
    expect(describeFailure('connect failed: smtp://mailer:hunter2@mail.example.com:587 refused')).toBe(
      'connect failed: smtp://***@mail.example.com:587 refused',
    );
  });

  it('when it contains the SMTP password anywhere, then the password is replaced', () => {
    expect(describeFailure('535 auth failed for pa$$word as given', ['pa$$word'])).toBe(
      '535 auth failed for *** as given',
    );
  });

  it('when it spans lines or carries control characters, then it is one line', () => {
    expect(describeFailure('451 Mailbox\r\n temporarily\tunavailable\u0000 ')).toBe(
      '451 Mailbox temporarily unavailable',
    );
    expect(describeFailure('  \n ')).toBe('unknown error');
  });

  it('when it is long, then it is cut to the limit', () => {
    const kept = describeFailure('x'.repeat(2000));
    expect(kept).toHaveLength(MAX_ERROR_LENGTH);
    expect(kept.endsWith('…')).toBe(true);
  });
});
