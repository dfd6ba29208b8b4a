/**
 * Where an outbox email stands:
 * - `queued`: waiting for its time (`available_at`) and the relay that hands it to the job queue;
 * - `sending`: a job has claimed it (under a lease) and is talking to the SMTP server;
 * - `retrying`: the last attempt failed; pg-boss retries it with backoff;
 * - `sent`: the SMTP server accepted it;
 * - `failed`: every attempt failed; the last error is kept, and an admin can resend it;
 * - `skipped`: not sent and not to be: mail is disabled (MAIL_DISABLED=true), or the email is
 *   obsolete (its cause is gone); the reason is kept, and an admin can resend it later.
 */
export const EMAIL_STATUSES = ['queued', 'sending', 'retrying', 'sent', 'failed', 'skipped'] as const;

export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/** Why an email moves: the relay, a job's claim and its outcomes, or an admin's resend. */
export type EmailMove =
  'claim' | 'sent' | 'attempt_failed' | 'gave_up' | 'skip' | 'wait' | 'mail_disabled' | 'resend' | 'abandon';

const MOVES: Record<EmailMove, { from: readonly EmailStatus[]; to: EmailStatus }> = {
  // A lapsed `sending` lease is claimed again (the worker died mid-attempt).
  claim: { from: ['queued', 'retrying', 'sending'], to: 'sending' },
  sent: { from: ['sending'], to: 'sent' },
  attempt_failed: { from: ['sending'], to: 'retrying' },
  gave_up: { from: ['sending'], to: 'failed' },
  skip: { from: ['sending'], to: 'skipped' },
  // Its attachment is not issued yet: back to the queue for a later hand-over.
  wait: { from: ['sending'], to: 'queued' },
  // Mail is disabled: the relay files a due email at once, with no job to run.
  mail_disabled: { from: ['queued'], to: 'skipped' },
  resend: { from: ['sent', 'failed', 'skipped'], to: 'queued' },
  // The job queue ran out of runs without an outcome recorded (each run failed before it could
  // write one, e.g. with the database away): filed as failed, for an admin to resend.
  abandon: { from: ['queued', 'sending', 'retrying'], to: 'failed' },
};

export type EmailMoveDecision =
  { outcome: 'apply'; from: EmailStatus; to: EmailStatus } | { outcome: 'illegal'; from: EmailStatus; move: EmailMove };

export function decideEmailMove(from: EmailStatus, move: EmailMove): EmailMoveDecision {
  const rule = MOVES[move];
  return rule.from.includes(from) ? { outcome: 'apply', from, to: rule.to } : { outcome: 'illegal', from, move };
}

/** The statuses a move may start from, for the repository's guarded UPDATE. */
export function statusesFor(move: EmailMove): readonly EmailStatus[] {
  return MOVES[move].from;
}

export function emailMoveTarget(move: EmailMove): EmailStatus {
  return MOVES[move].to;
}
