import {
  decideEmailMove,
  EMAIL_STATUSES,
  statusesFor,
  type EmailMove,
} from '../../../src/domain/emails/email-state-machine';

const MOVES: EmailMove[] = [
  'claim',
  'sent',
  'attempt_failed',
  'gave_up',
  'skip',
  'wait',
  'mail_disabled',
  'resend',
  'abandon',
];

describe('the outbox state machine', () => {
  it('when a job claims an email, then from queued, retrying, or sending (a lapsed lease), never from a settled one', () => {
    for (const from of ['queued', 'retrying', 'sending'] as const) {
      expect(decideEmailMove(from, 'claim')).toEqual({ outcome: 'apply', from, to: 'sending' });
    }
    for (const from of ['sent', 'failed', 'skipped'] as const) {
      expect(decideEmailMove(from, 'claim')).toEqual({ outcome: 'illegal', from, move: 'claim' });
    }
  });

  it('when an attempt ends, then only a claimed (sending) email records it', () => {
    for (const move of ['sent', 'attempt_failed', 'gave_up', 'skip', 'wait'] as const) {
      for (const from of EMAIL_STATUSES) {
        expect(decideEmailMove(from, move).outcome).toBe(from === 'sending' ? 'apply' : 'illegal');
      }
    }
    expect(decideEmailMove('sending', 'attempt_failed')).toMatchObject({ to: 'retrying' });
    expect(decideEmailMove('sending', 'gave_up')).toMatchObject({ to: 'failed' });
    expect(decideEmailMove('sending', 'wait')).toMatchObject({ to: 'queued' });
  });

  it('when mail is disabled, then the relay files a queued email skipped; one a job holds or that is settled stays', () => {
    expect(decideEmailMove('queued', 'mail_disabled')).toEqual({ outcome: 'apply', from: 'queued', to: 'skipped' });
    for (const from of EMAIL_STATUSES.filter((s) => s !== 'queued')) {
      expect(decideEmailMove(from, 'mail_disabled').outcome).toBe('illegal');
    }
  });

  it('when an admin resends, then a settled email is queued again and one on its way is refused', () => {
    for (const from of ['sent', 'failed', 'skipped'] as const) {
      expect(decideEmailMove(from, 'resend')).toEqual({ outcome: 'apply', from, to: 'queued' });
    }
    for (const from of ['queued', 'sending', 'retrying'] as const) {
      expect(decideEmailMove(from, 'resend').outcome).toBe('illegal');
    }
  });

  it('when the job queue gives up on an unsettled email, then it is failed; a settled one stays as it is', () => {
    for (const from of ['queued', 'sending', 'retrying'] as const) {
      expect(decideEmailMove(from, 'abandon')).toEqual({ outcome: 'apply', from, to: 'failed' });
    }
    for (const from of ['sent', 'failed', 'skipped'] as const) {
      expect(decideEmailMove(from, 'abandon').outcome).toBe('illegal');
    }
  });

  it('when the repository guards a move, then it allows exactly the statuses the decision allows', () => {
    for (const move of MOVES) {
      expect([...statusesFor(move)].sort()).toEqual(
        EMAIL_STATUSES.filter((s) => decideEmailMove(s, move).outcome === 'apply').sort(),
      );
    }
  });
});
