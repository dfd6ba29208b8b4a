import type { ProviderName } from '../domain/payments/payment-status';
import type { SqlRunner } from './sql-runner';

/** The customer's default method, as last learnt, and whose customer it is. */
export interface CustomerDefault {
  userId: string;
  providerPaymentMethodId: string | null;
  syncedAt: Date | null;
}

/** One provider customer per (user, provider). */
export class ProviderCustomerRepository {
  constructor(private readonly sql: SqlRunner) {}

  async find(provider: ProviderName, userId: string): Promise<string | undefined> {
    const rows = await this.sql.query<{ provider_customer_id: string }>(
      `SELECT provider_customer_id FROM provider_customers WHERE user_id = $1 AND provider = $2`,
      [userId, provider],
    );
    return rows[0]?.provider_customer_id;
  }

  /** Records the customer unless a concurrent first checkout already did; returns the one stored. */
  async insertOrKeep(provider: ProviderName, userId: string, providerCustomerId: string): Promise<string> {
    await this.sql.query(
      `INSERT INTO provider_customers (user_id, provider, provider_customer_id) VALUES ($1, $2, $3)
       ON CONFLICT ON CONSTRAINT uq_provider_customers_user_provider DO NOTHING`,
      [userId, provider, providerCustomerId],
    );
    return (await this.find(provider, userId)) ?? providerCustomerId;
  }

  /** Whose customer this is: provider objects name the customer, our rows name the user. */
  async ownerOf(provider: ProviderName, providerCustomerId: string): Promise<string | undefined> {
    const rows = await this.sql.query<{ user_id: string }>(
      `SELECT user_id FROM provider_customers WHERE provider = $1 AND provider_customer_id = $2`,
      [provider, providerCustomerId],
    );
    return rows[0]?.user_id;
  }

  /** The customer's default, locked for the rest of the transaction. */
  async lockDefault(provider: ProviderName, providerCustomerId: string): Promise<CustomerDefault | undefined> {
    const rows = await this.sql.query<{
      user_id: string;
      default_payment_method_id: string | null;
      default_synced_at: Date | null;
    }>(
      `SELECT user_id, default_payment_method_id, default_synced_at FROM provider_customers
        WHERE provider = $1 AND provider_customer_id = $2 FOR UPDATE`,
      [provider, providerCustomerId],
    );
    const row = rows[0];
    return (
      row && {
        userId: row.user_id,
        providerPaymentMethodId: row.default_payment_method_id,
        syncedAt: row.default_synced_at && new Date(row.default_synced_at),
      }
    );
  }

  async setDefault(
    provider: ProviderName,
    providerCustomerId: string,
    providerPaymentMethodId: string | null,
    syncedAt: Date,
  ): Promise<void> {
    await this.sql.query(
      `UPDATE provider_customers SET default_payment_method_id = $3,
         default_synced_at = GREATEST(COALESCE(default_synced_at, $4), $4)
        WHERE provider = $1 AND provider_customer_id = $2`,
      [provider, providerCustomerId, providerPaymentMethodId, syncedAt],
    );
  }

  /** Counts a request to change the default; the number keys its provider calls. */
  async nextDefaultChange(provider: ProviderName, userId: string): Promise<number> {
    const rows = await this.sql.query<{ default_changes: number }>(
      `UPDATE provider_customers SET default_changes = default_changes + 1
        WHERE provider = $1 AND user_id = $2 RETURNING default_changes`,
      [provider, userId],
    );
    return rows[0]?.default_changes ?? 0;
  }
}
