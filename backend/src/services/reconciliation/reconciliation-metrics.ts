import type { ReconciliationReport } from './drift-check';

/** Which job a run was: the payments job, the subscriptions job, or an admin's "run now" (both). */
export type ReconciliationRunKind = 'payments' | 'subscriptions' | 'manual';

/** Where finished reconciliation runs are reported (the prom-client implementation lives in metrics/). */
export interface ReconciliationMetrics {
  reconciliationRun(kind: ReconciliationRunKind, report: ReconciliationReport): void;
}

export const NO_RECONCILIATION_METRICS: ReconciliationMetrics = { reconciliationRun: () => undefined };
