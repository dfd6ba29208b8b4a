import type { ProviderName } from '../domain/payments/payment-status';
import type { SqlRunner } from './sql-runner';

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
}
