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

  /** The method this provider charges by default (Stripe invoice settings; for PayPal our own choice). */
  @Column({ name: 'default_payment_method_id', type: 'varchar', length: 255, nullable: true })
  defaultPaymentMethodId: string | null;

  /** Provider time of the default last applied, so an older customer.updated loses. */
  @Column({ name: 'default_synced_at', type: 'timestamptz', nullable: true })
  defaultSyncedAt: Date | null;

  /** The student's requests to change the default so far; keys their provider calls. */
  @Column({ name: 'default_changes', type: 'integer', default: 0 })
  defaultChanges: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
