/**
 * The pg-boss job that finishes a stored webhook event in a worker. A process without workers of
 * its own (ROLE=api) writes it in the transaction that stores the event, so a crash right after
 * the commit loses nothing.
 */
export const WEBHOOK_HANDOVER_JOB = 'webhook-event-handover';

export interface WebhookHandoverJob {
  rowId: string;
}
