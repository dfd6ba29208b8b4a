import type { SqlRunner } from './sql-runner';

export interface AuditEntry {
  actor: string;
  actorUserId?: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data?: Record<string, unknown>;
}

/** Appends to the audit log; inside the caller's transaction, so the record and the change commit together. */
export class AuditRepository {
  constructor(private readonly sql: SqlRunner) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.sql.query(
      `INSERT INTO audit_logs (actor, actor_user_id, action, entity_type, entity_id, data) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        entry.actor,
        entry.actorUserId ?? null,
        entry.action,
        entry.entityType,
        entry.entityId,
        JSON.stringify(entry.data ?? {}),
      ],
    );
  }
}
