import type { ProviderName } from '../../domain/payments/payment-status';
import type { Logger } from '../../logger';
import { decideDrift, failureDetail, type CheckObservation, type DriftSubject } from './drift-decision';

/** One difference a check found (or the error that stopped it), ready to store as a drift row. */
export interface DriftFinding {
  foundAt: Date;
  subject: DriftSubject;
  subjectId: string;
  paymentId: string | null;
  provider: ProviderName;
  before: string | null;
  after: string | null;
  healed: boolean;
  error: string | null;
  detail: string;
}

/** What one reconciliation pass did: questions asked, answers that changed something, failures, findings. */
export interface ReconciliationReport {
  checked: number;
  updated: number;
  errors: number;
  findings: DriftFinding[];
}

export function emptyReport(): ReconciliationReport {
  return { checked: 0, updated: 0, errors: 0, findings: [] };
}

/** What a check is about before it asks: where an error is filed. */
export interface CheckSubject {
  subject: DriftSubject;
  subjectId: string;
  paymentId: string | null;
  provider: ProviderName;
  /** Our state before asking. */
  before: string | null;
}

/**
 * One question to a provider: `work` asks, applies the answer and says what it saw of each
 * subject. Differences become findings; a failure is counted, logged and filed as an error
 * finding of `subject`, never fatal to the run.
 */
export async function runCheck(
  report: ReconciliationReport,
  subject: CheckSubject,
  work: () => Promise<CheckObservation[]>,
  logger: Logger,
): Promise<void> {
  report.checked += 1;
  try {
    const observations = await work();
    const foundAt = new Date();
    let updated = false;
    for (const observation of observations) {
      const decision = decideDrift(observation);
      if (decision.kind === 'in_sync') continue;
      updated ||=
        observation.action !== undefined ||
        observation.outcomes.some((o) => o.outcome === 'applied') ||
        observation.before !== observation.after;
      report.findings.push({
        foundAt,
        subject: observation.subject,
        subjectId: observation.subjectId,
        paymentId: observation.paymentId,
        provider: observation.provider,
        before: observation.before,
        after: observation.after,
        healed: decision.healed,
        error: null,
        detail: decision.detail,
      });
    }
    if (updated) report.updated += 1;
  } catch (error) {
    report.errors += 1;
    const message = error instanceof Error ? error.message : String(error);
    logger.warn({ err: error, subject: subject.subject, subjectId: subject.subjectId }, 'reconciliation check failed');
    report.findings.push({
      foundAt: new Date(),
      ...subject,
      after: subject.before,
      healed: false,
      error: message,
      detail: failureDetail(subject.subject, subject.provider, message),
    });
  }
}
