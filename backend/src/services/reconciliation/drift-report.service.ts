import type { Logger } from '../../logger';
import type { DataStore } from '../../repositories/data-store';
import type { DriftRecord, ReconciliationRunRecord } from '../../repositories/reconciliation-report.repository';
import type { DriftItem, DriftReport, ReconciliationRunView } from '../admin/admin-views';
import type { ReconciliationService } from '../payments/reconciliation.service';
import { decodeCursor, encodeCursor } from '../payments/history-cursor';
import type { SubscriptionReconciliation } from '../subscriptions/subscription-reconciliation';
import type { ReconciliationReport } from './drift-check';
import {
  NO_RECONCILIATION_METRICS,
  type ReconciliationMetrics,
  type ReconciliationRunKind,
} from './reconciliation-metrics';

/** A drift page's cursor: the tie-breaker is the drift's bigint id. */
function decodeDriftCursor(cursor: string): { createdAt: string; id: string } {
  return decodeCursor(cursor, (id) => /^\d{1,19}$/.test(id));
}

export interface DriftReportQuery {
  limit: number;
  cursor?: string;
}

/** Who asked for a run now (audited). */
export interface RunRequester {
  adminUserId: string;
}

/**
 * Runs reconciliation and keeps its record: every run that asked a provider anything is stored
 * with the drift it found (a run that checked nothing stores nothing, so idle minutes leave no
 * trace), runs older than 30 days are pruned, and so are earlier runs that stored no drift (only
 * the latest clean run is kept). Admins read the latest run and the drift, newest first.
 */
export class DriftReportService {
  constructor(
    private readonly store: DataStore,
    private readonly payments: ReconciliationService,
    private readonly subscriptions: SubscriptionReconciliation,
    private readonly logger: Logger,
    private readonly metrics: ReconciliationMetrics = NO_RECONCILIATION_METRICS,
  ) {}

  /** The payments job (every minute): checkouts, refunds and disputes, as one recorded run. */
  async runPayments(): Promise<ReconciliationReport> {
    return (await this.recorded('payments', [() => this.payments.run()])).report;
  }

  /** The subscriptions job (every minute, before the access sweep): one recorded run. */
  async runSubscriptions(now?: Date): Promise<ReconciliationReport> {
    return (await this.recorded('subscriptions', [() => this.subscriptions.run(now)])).report;
  }

  /**
   * Both reconciliations now, as one run, with the usual thresholds: a checkout younger than
   * RECONCILE_AFTER_MINUTES is left to its webhook, as the job would, so an admin's click never
   * races a buyer who is still on the provider's page. Unlike the job, it asks again about
   * payments it asked about a moment ago: the admin wants the answer now.
   */
  async runNow(requester: RunRequester, query: DriftReportQuery): Promise<DriftReport> {
    // A cursor that is not one is refused before the run: a refused request changes nothing.
    if (query.cursor) decodeDriftCursor(query.cursor);
    const { report, runId } = await this.recorded('manual', [
      () => this.payments.run({ recheckAfterSeconds: 0 }),
      () => this.subscriptions.run(),
    ]);
    await this.store.repos.audit.append({
      actor: 'admin',
      actorUserId: requester.adminUserId,
      action: 'reconciliation.run',
      entityType: 'reconciliation_run',
      // A run that checked nothing is not stored: the audit entry is all that is left of it.
      entityId: runId ?? 'none',
      data: { checked: report.checked, drifted: report.findings.length, errors: report.errors },
    });
    return this.report(query);
  }

  async report(query: DriftReportQuery): Promise<DriftReport> {
    const after = query.cursor ? decodeDriftCursor(query.cursor) : undefined;
    const repo = this.store.repos.reconciliationReports;
    const [latest, rows] = await Promise.all([
      repo.latestRun(),
      repo.drifts({ after: after && { foundAt: after.createdAt, id: after.id }, limit: query.limit }),
    ]);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      latestRun: latest ? toRunView(latest) : null,
      items: page.map(toDriftItem),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.foundAtText, last.id) : null,
    };
  }

  /** Runs the passes one after the other and stores them as one run; `runId` is null when nothing was checked. */
  private async recorded(
    kind: ReconciliationRunKind,
    passes: (() => Promise<ReconciliationReport>)[],
  ): Promise<{ report: ReconciliationReport; runId: string | null }> {
    const startedAt = new Date();
    const report: ReconciliationReport = { checked: 0, updated: 0, errors: 0, findings: [] };
    for (const pass of passes) {
      const part = await pass();
      report.checked += part.checked;
      report.updated += part.updated;
      report.errors += part.errors;
      report.findings.push(...part.findings);
    }
    this.metrics.reconciliationRun(kind, report);
    if (report.checked === 0) return { report, runId: null };
    const finishedAt = new Date();
    const drifts = report.findings.filter((f) => f.error === null);
    const runId = await this.store.transaction(async (tx) => {
      const run = await tx.reconciliationReports.recordRun(
        {
          startedAt,
          finishedAt,
          checked: report.checked,
          drifted: drifts.length,
          healed: drifts.filter((f) => f.healed).length,
          errors: report.errors,
        },
        report.findings,
      );
      const pruned = await tx.reconciliationReports.prune(run.id);
      if (report.findings.length) {
        this.logger.info(
          { runId: run.id, findings: report.findings.length, stored: run.stored, pruned },
          'reconciliation drift recorded',
        );
      }
      return run.id;
    });
    return { report, runId };
  }
}

function toRunView(run: ReconciliationRunRecord): ReconciliationRunView {
  return {
    id: run.id,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    checked: run.checked,
    drifted: run.drifted,
    healed: run.healed,
    errors: run.errors,
  };
}

function toDriftItem(d: DriftRecord): DriftItem {
  return {
    id: d.id,
    runId: d.runId,
    foundAt: d.foundAt.toISOString(),
    subject: d.subject,
    subjectId: d.subjectId,
    paymentId: d.paymentId,
    provider: d.provider,
    before: d.before,
    after: d.after,
    healed: d.healed,
    error: d.error,
    detail: d.detail,
  };
}
