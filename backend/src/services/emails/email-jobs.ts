/** The pg-boss job that sends one outbox email (made by the relay, after the email's cause committed). */
export const EMAIL_SEND_JOB = 'email-send';

/**
 * Where pg-boss puts an `email-send` job whose runs are all used up. Only a run that failed
 * before it could record its outcome gets there (an attempt that fails is recorded, and the last
 * one is filed `failed` without failing the job); its row is filed `failed` from there.
 */
export const EMAIL_ABANDONED_JOB = 'email-send-abandoned';

export interface EmailSendJob {
  emailId: string;
}
