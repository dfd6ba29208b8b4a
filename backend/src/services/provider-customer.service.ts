import type { DataSource } from 'typeorm';
import type { ProviderName } from '../domain/payments/payment-status';
import type { PaymentProvider } from '../providers/payment-provider';

/** One provider customer per (user, provider): created on first checkout, reused after. */
export class ProviderCustomerService {
  constructor(private readonly dataSource: DataSource) {}

  async ensure(
    provider: PaymentProvider,
    user: { id: string; email: string; name: string },
  ): Promise<string | undefined> {
    const existing = await this.find(provider.name, user.id);
    if (existing) return existing;
    const created = await provider.ensureCustomer(user);
    if (!created) return undefined;
    await this.dataSource.query(
      `INSERT INTO provider_customers (user_id, provider, provider_customer_id) VALUES ($1, $2, $3)
       ON CONFLICT ON CONSTRAINT uq_provider_customers_user_provider DO NOTHING`,
      [user.id, provider.name, created],
    );
    // A concurrent first checkout may have won the insert; its customer is the one to use.
    return (await this.find(provider.name, user.id)) ?? created;
  }

  private async find(provider: ProviderName, userId: string): Promise<string | undefined> {
    const rows: { provider_customer_id: string }[] = await this.dataSource.query(
      `SELECT provider_customer_id FROM provider_customers WHERE user_id = $1 AND provider = $2`,
      [userId, provider],
    );
    return rows[0]?.provider_customer_id;
  }
}
