import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { ProviderName } from '../domain/payments/payment-status';

/** The customer object a provider keeps for one of our users (created once, then reused). */
@Entity({ name: 'provider_customers' })
@Unique('uq_provider_customers_user_provider', ['userId', 'provider'])
@Unique('uq_provider_customers_provider_ref', ['provider', 'providerCustomerId'])
export class ProviderCustomer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 16 })
  provider: ProviderName;

  @Column({ name: 'provider_customer_id', type: 'varchar', length: 255 })
  providerCustomerId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
