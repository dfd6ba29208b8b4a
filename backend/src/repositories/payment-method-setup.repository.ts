import type { ProviderName } from '../domain/payments/payment-status';
import type { SqlRunner } from './sql-runner';

export interface PaymentMethodSetupRecord {
  id: string;
  userId: string;
  provider: ProviderName;
  providerSetupId: string | null;
  status: 'open' | 'completed' | 'expired' | 'failed';
  paymentMethodId: string | null;
}

interface SetupRow {
  id: string;
  user_id: string;
  provider: ProviderName;
  provider_setup_id: string | null;
  status: PaymentMethodSetupRecord['status'];
  payment_method_id: string | null;
}

/** A student's visits to a provider's page to add a method; only the student who started one finishes it. */
export class PaymentMethodSetupRepository {
  constructor(private readonly sql: SqlRunner) {}

  async create(userId: string, provider: ProviderName): Promise<{ id: string; createdAt: Date }> {
    const rows = await this.sql.query<{ id: string; created_at: Date }>(
      `INSERT INTO payment_method_setups (user_id, provider) VALUES ($1, $2) RETURNING id, created_at`,
      [userId, provider],
    );
    return { id: rows[0].id, createdAt: new Date(rows[0].created_at) };
  }

  async recordProviderSetup(id: string, providerSetupId: string, setupUrl: string): Promise<void> {
    await this.sql.query(`UPDATE payment_method_setups SET provider_setup_id = $2, setup_url = $3 WHERE id = $1`, [
      id,
      providerSetupId,
      setupUrl,
    ]);
  }

  async findOwned(userId: string, id: string): Promise<PaymentMethodSetupRecord | undefined> {
    const rows = await this.sql.query<SetupRow>(
      `SELECT * FROM payment_method_setups WHERE user_id = $1 AND id = $2::uuid`,
      [userId, id],
    );
    const row = rows[0];
    return (
      row && {
        id: row.id,
        userId: row.user_id,
        provider: row.provider,
        providerSetupId: row.provider_setup_id,
        status: row.status,
        paymentMethodId: row.payment_method_id,
      }
    );
  }

  async complete(id: string, paymentMethodId: string): Promise<void> {
    await this.sql.query(
      `UPDATE payment_method_setups SET status = 'completed', payment_method_id = $2, completed_at = now()
        WHERE id = $1 AND status <> 'completed'`,
      [id, paymentMethodId],
    );
  }

  async close(id: string, status: 'expired' | 'failed'): Promise<void> {
    await this.sql.query(`UPDATE payment_method_setups SET status = $2 WHERE id = $1 AND status = 'open'`, [
      id,
      status,
    ]);
  }
}
