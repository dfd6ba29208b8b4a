/**
 * What happens to an outbox email after a failed attempt, and how an attempt names itself.
 * Pure: the sender applies these decisions to the row.
 */

/** `attempts` counts the attempt that just failed. */
export type FailedAttemptDecision = { outcome: 'retry' } | { outcome: 'give_up' };

export function decideAfterFailedAttempt(attempts: number, maxAttempts: number): FailedAttemptDecision {
  return attempts >= maxAttempts ? { outcome: 'give_up' } : { outcome: 'retry' };
}

/**
 * The job queue's retries for a job handed over when `attempts` were already used: one run per
 * attempt left, so the queue runs out exactly when the row does (an email handed back while it
 * waited for its invoice keeps the attempts it used).
 */
export function queueRetriesFor(attempts: number, maxAttempts: number): number {
  return Math.max(0, maxAttempts - attempts - 1);
}

/**
 * The Message-ID of an email: the same for every attempt of one send (a retry after an answer we
 * did not hear is recognisable as the same message), a new one for each admin resend. The domain
 * part is the sender's own (from the From address), as RFC 5322 recommends.
 */
export function outboxMessageId(emailId: string, resends: number, from: string): string {
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
  const at = address.lastIndexOf('@');
  const domain = (at >= 0 ? address.slice(at + 1).trim() : '') || 'localhost';
  return `<email-${emailId}.${resends}@${domain}>`;
}

/** How much of an error the row keeps. */
export const MAX_ERROR_LENGTH = 500;

/**
 * An error as the row keeps it: one line, bounded, without credentials (a URL's user:password,
 * and any of `secrets` wherever it appears).
 */
export function describeFailure(message: string, secrets: readonly string[] = []): string {
  let text = message.replace(/\/\/[^\s/@]+@/g, '//***@');
  for (const secret of secrets) if (secret) text = text.split(secret).join('***');
  text = text.replace(/[\p{Cc}\s]+/gu, ' ').trim();
  if (!text) return 'unknown error';
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
