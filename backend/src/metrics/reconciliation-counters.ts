import { Counter, Gauge, type Registry } from 'prom-client';
import type { DriftSubject } from '../services/reconciliation/drift-decision';
import type { ReconciliationMetrics, ReconciliationRunKind } from '../services/reconciliation/reconciliation-metrics';

const RUN_KINDS: Readonly<Record<ReconciliationRunKind, true>> = { payments: true, subscriptions: true, manual: true };
const SUBJECTS: Readonly<Record<DriftSubject, true>> = {
  payment: true,
  refund: true,
  dispute: true,
  subscription: true,
};

/**
 * Reconciliation runs as counters per run kind (and per subject for what they found). Every
 * series starts at 0, so a rate over "no drift yet" is 0 rather than absent.
 */
export function reconciliationCounters(registry: Registry): ReconciliationMetrics {
  const registers = [registry];
  const runs = new Counter({
    name: 'lms_reconciliation_runs_total',
    help: 'Reconciliation runs, by kind (payments job, subscriptions job, manual run now)',
    labelNames: ['run'] as const,
    registers,
  });
  const checked = new Counter({
    name: 'lms_reconciliation_checked_total',
    help: 'Questions reconciliation asked a provider, by run kind',
    labelNames: ['run'] as const,
    registers,
  });
  const perSubject = (name: string, help: string) =>
    new Counter({ name, help, labelNames: ['run', 'subject'] as const, registers });
  const drifted = perSubject(
    'lms_reconciliation_drifted_total',
    'Differences reconciliation found between us and the provider, by run kind and subject',
  );
  const healed = perSubject(
    'lms_reconciliation_healed_total',
    'Differences reconciliation found and repaired, by run kind and subject',
  );
  const errors = perSubject(
    'lms_reconciliation_errors_total',
    'Reconciliation checks that failed (provider unreachable, unusable answer), by run kind and subject',
  );
  const lastRun = new Gauge({
    name: 'lms_reconciliation_last_run_timestamp_seconds',
    help: 'When the last reconciliation run of each kind finished (Unix time)',
    labelNames: ['run'] as const,
    registers,
  });
  for (const run of Object.keys(RUN_KINDS)) {
    runs.inc({ run }, 0);
    checked.inc({ run }, 0);
    for (const subject of Object.keys(SUBJECTS)) {
      for (const counter of [drifted, healed, errors]) counter.inc({ run, subject }, 0);
    }
  }
  return {
    reconciliationRun(run, report) {
      runs.inc({ run });
      checked.inc({ run }, report.checked);
      for (const finding of report.findings) {
        const labels = { run, subject: finding.subject };
        if (finding.error !== null) errors.inc(labels);
        else {
          drifted.inc(labels);
          if (finding.healed) healed.inc(labels);
        }
      }
      lastRun.set({ run }, Date.now() / 1000);
    },
  };
}
