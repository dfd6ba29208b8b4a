import { emailKeys } from '../../../domain/emails/email-kind';
import type { Repositories } from '../../../repositories/data-store';
import { enqueueEmail } from './enqueue-email';

/**
 * A dispute row was created: the admins' alert, once per dispute row. A PayPal reversal seen
 * without a dispute gets a row (a lost dispute) and so an alert too, since the money is gone;
 * the dispute that adopts that row later keeps its id and adds no second alert.
 */
export function disputeOpenedEmail(tx: Repositories, dispute: { id: string; paymentId: string }): Promise<boolean> {
  return enqueueEmail(tx, {
    key: emailKeys.disputeOpened(dispute.id),
    kind: 'dispute_opened',
    paymentId: dispute.paymentId,
    disputeId: dispute.id,
  });
}
