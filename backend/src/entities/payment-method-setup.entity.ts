import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ProviderName } from '../domain/payments/payment-status';

/** A student's visit to a provider's page to add a method (Stripe setup session, PayPal setup token). */
@Entity({ name: 'payment_method_setups' })
export class PaymentMethodSetup {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 16 })
  provider: ProviderName;

  @Column({ name: 'provider_setup_id', type: 'varchar', length: 255, nullable: true })
  providerSetupId: string | null;

  @Column({ name: 'setup_url', type: 'text', nullable: true })
  setupUrl: string | null;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: 'open' | 'completed' | 'expired' | 'failed';

  @Column({ name: 'payment_method_id', type: 'uuid', nullable: true })
  paymentMethodId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
