import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ProviderName } from '../domain/payments/payment-status';

/** A method saved at a provider for one of our users (a Stripe card, a PayPal vault token); display data only. */
@Entity({ name: 'payment_methods' })
@Index('uq_payment_methods_provider_ref', ['provider', 'providerPaymentMethodId'], { unique: true })
export class PaymentMethod {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 16 })
  provider: ProviderName;

  @Column({ name: 'provider_customer_id', type: 'varchar', length: 255 })
  providerCustomerId: string;

  @Column({ name: 'provider_payment_method_id', type: 'varchar', length: 255 })
  providerPaymentMethodId: string;

  @Column({ type: 'varchar', length: 16 })
  type: 'card' | 'paypal';

  @Column({ type: 'varchar', length: 32, nullable: true })
  brand: string | null;

  @Column({ type: 'varchar', length: 4, nullable: true })
  last4: string | null;

  @Column({ name: 'exp_month', type: 'smallint', nullable: true })
  expMonth: number | null;

  @Column({ name: 'exp_year', type: 'smallint', nullable: true })
  expYear: number | null;

  @Column({ type: 'varchar', length: 320, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 16, default: 'attached' })
  status: 'attached' | 'detached';

  @Column({ name: 'synced_at', type: 'timestamptz' })
  syncedAt: Date;

  @Column({ name: 'detached_at', type: 'timestamptz', nullable: true })
  detachedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
