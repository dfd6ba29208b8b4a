import type { DriftSubjectType } from '../entities/reconciliation-drift.entity';
import type { ProviderName } from '../domain/payments/payment-status';
import type { SqlRunner } from './sql-runner';

export interface NewReconciliationRun {
  startedAt: Date;
  finishedAt: Date;
  checked: number;
  drifted: number;
  healed: number;
  errors: number;
}

export interface NewDrift {
  foundAt: Date;
  subject: DriftSubjectType;
  subjectId: string;
  paymentId: string | null;
  provider: ProviderName;
  before: string | null;
  after: string | null;
  healed: boolean;
  error: string | null;
  detail: string;
}

export interface ReconciliationRunRecord extends Omit<NewReconciliationRun, 'finishedAt'> {
  id: string;
  finishedAt: Date | null;
}

export interface DriftRecord extends NewDrift {
  id: string;
  runId: string;
  /** PostgreSQL's text form of found_at, for keyset cursors. */
  foundAtText: string;
}

interface RunRow {
  id: string;
  started_at: Date;
  finished_at: Date | null;
  checked: number;
  drifted: number;
  healed: number;
  errors: number;
}

interface DriftRow {
  id: string;
  run_id: string;
  found_at: Date;
  found_at_text: string;
  subject_type: DriftSubjectType;
  subject_id: string;
  payment_id: string | null;
  provider: ProviderName;
  before_state: string | null;
  after_state: string | null;
  healed: boolean;
  error: string | null;
  detail: string;
}

const RUN_COLUMNS = `id, started_at, finished_at, checked, drifted, healed, errors`;
const DRIFT_COLUMNS = `id::text AS id, run_id, found_at, found_at::text AS found_at_text, subject_type, subject_id,
  payment_id, provider, before_state, after_state, healed, error, detail`;

/** How long runs and their drift are kept. */
const RETENTION_DAYS = 30;

/** Reconciliation runs and the drift each found: written by the reconciliation jobs, read by admins. */
export class ReconciliationReportRepository {
  constructor(private readonly sql: SqlRunner) {}

  /**
   * Stores a run and its findings. An unhealed finding equal to the newest one stored for its
   * subject (same states, same error) is not stored again: a difference that persists, or an
   * outage, shows once, when it was first found, instead of once a minute; the run still counts it.
   */
  async recordRun(run: NewReconciliationRun, drifts: readonly NewDrift[]): Promise<{ id: string; stored: number }> {
    const rows = await this.sql.query<{ id: string; stored: number }>(
      `WITH run AS (
         INSERT INTO reconciliation_runs (started_at, finished_at, checked, drifted, healed, errors)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id
       ), stored AS (
         INSERT INTO reconciliation_drifts (run_id, found_at, subject_type, subject_id, payment_id, provider,
                                            before_state, after_state, healed, error, detail)
         SELECT run.id, f.found_at, f.subject_type, f.subject_id, f.payment_id, f.provider, f.before_state,
                f.after_state, f.healed, f.error, f.detail
           FROM run, unnest($7::timestamptz[], $8::varchar[], $9::uuid[], $10::uuid[], $11::varchar[],
                            $12::varchar[], $13::varchar[], $14::boolean[], $15::text[], $16::text[])
                  AS f(found_at, subject_type, subject_id, payment_id, provider, before_state, after_state,
                       healed, error, detail)
          WHERE f.healed OR NOT EXISTS (
                  SELECT 1 FROM (
                    SELECT d.before_state, d.after_state, d.healed, d.error FROM reconciliation_drifts d
                     WHERE d.subject_type = f.subject_type AND d.subject_id = f.subject_id
                     ORDER BY d.found_at DESC, d.id DESC LIMIT 1
                  ) newest
                   WHERE NOT newest.healed
                     AND newest.before_state IS NOT DISTINCT FROM f.before_state
                     AND newest.after_state IS NOT DISTINCT FROM f.after_state
                     AND newest.error IS NOT DISTINCT FROM f.error)
         RETURNING 1
       )
       SELECT (SELECT id FROM run) AS id, (SELECT count(*)::int FROM stored) AS stored`,
      [
        run.startedAt,
        run.finishedAt,
        run.checked,
        run.drifted,
        run.healed,
        run.errors,
        drifts.map((d) => d.foundAt),
        drifts.map((d) => d.subject),
        drifts.map((d) => d.subjectId),
        drifts.map((d) => d.paymentId),
        drifts.map((d) => d.provider),
        drifts.map((d) => d.before),
        drifts.map((d) => d.after),
        drifts.map((d) => d.healed),
        drifts.map((d) => d.error),
        drifts.map((d) => d.detail),
      ],
    );
    return rows[0]!;
  }

  /**
   * Deletes runs older than the retention (their drift goes with them) and every run except
   * `keepRunId` that has no drift stored: a clean run matters only while it is the latest.
   */
  async prune(keepRunId: string): Promise<number> {
    const rows = await this.sql.query<{ id: string }>(
      `DELETE FROM reconciliation_runs r
        WHERE r.id <> $1::uuid
          AND (r.started_at < now() - make_interval(days => $2)
               OR NOT EXISTS (SELECT 1 FROM reconciliation_drifts d WHERE d.run_id = r.id))
       RETURNING r.id`,
      [keepRunId, RETENTION_DAYS],
    );
    return rows.length;
  }

  async latestRun(): Promise<ReconciliationRunRecord | undefined> {
    const rows = await this.sql.query<RunRow>(
      `SELECT ${RUN_COLUMNS} FROM reconciliation_runs ORDER BY started_at DESC, id DESC LIMIT 1`,
    );
    return rows[0] && toRun(rows[0]);
  }

  /** Drift newest first, keyset-paginated on (found_at, id); one more row than `limit` says there is a next page. */
  async drifts(query: { after?: { foundAt: string; id: string }; limit: number }): Promise<DriftRecord[]> {
    const rows = await this.sql.query<DriftRow>(
      `SELECT ${DRIFT_COLUMNS} FROM reconciliation_drifts
        WHERE ($1::timestamptz IS NULL OR (found_at, id) < ($1::timestamptz, $2::bigint))
        ORDER BY found_at DESC, id DESC
        LIMIT $3`,
      [query.after?.foundAt ?? null, query.after?.id ?? null, query.limit + 1],
    );
    return rows.map(toDrift);
  }
}

function toRun(r: RunRow): ReconciliationRunRecord {
  return {
    id: r.id,
    startedAt: new Date(r.started_at),
    finishedAt: r.finished_at && new Date(r.finished_at),
    checked: r.checked,
    drifted: r.drifted,
    healed: r.healed,
    errors: r.errors,
  };
}

function toDrift(r: DriftRow): DriftRecord {
  return {
    id: r.id,
    runId: r.run_id,
    foundAt: new Date(r.found_at),
    foundAtText: r.found_at_text,
    subject: r.subject_type,
    subjectId: r.subject_id,
    paymentId: r.payment_id,
    provider: r.provider,
    before: r.before_state,
    after: r.after_state,
    healed: r.healed,
    error: r.error,
    detail: r.detail,
  };
}
