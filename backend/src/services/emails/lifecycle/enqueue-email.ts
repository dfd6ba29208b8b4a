import type { EmailCauseData, EmailKind } from '../../../domain/emails/email-kind';
import type { Repositories } from '../../../repositories/data-store';
import type { NewEmail } from '../../../repositories/email-outbox.repository';

/** An outbox row whose `data` is what its kind keeps (EmailCauseData), checked by the compiler. */
export type CauseEmail<K extends EmailKind> = Omit<NewEmail, 'kind' | 'data'> & {
  kind: K;
  data?: EmailCauseData[K];
};

/** Queues an email once per key, in the caller's transaction; `false` when its cause was seen before. */
export function enqueueEmail<K extends EmailKind>(tx: Repositories, email: CauseEmail<K>): Promise<boolean> {
  return tx.emails.enqueue(email);
}

/** Money as `data` keeps it. */
export function storedMoney(money: { amount: number; currency: string } | undefined) {
  return money ? { amount: money.amount, currency: money.currency } : undefined;
}
