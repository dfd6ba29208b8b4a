/** The pg-boss job that sends a refund row of ours to its provider (written in a transaction, sent after commit). */
export const REFUND_SUBMIT_JOB = 'refund-submit';

export interface RefundSubmitJob {
  refundId: string;
}
