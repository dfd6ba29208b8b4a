import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ProviderName } from '../domain/payments/payment-status';
import type { SubscriptionState as SubscriptionStatus } from '../domain/events/domain-event';
import { bigintNumber } from './column-types';

@Entity({ name: 'subscriptions' })
@Index('uq_subscriptions_provider_ref', ['provider', 'providerSubscriptionId'], { unique: true })
@Index('ix_subscriptions_user', ['userId', 'createdAt'])
export class Subscription {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @Column({ type: 'varchar', length: 16 })
  provider: ProviderName;

  @Column({ name: 'provider_subscription_id', type: 'varchar', length: 255, nullable: true })
  providerSubscriptionId: string | null;

  @Column({ type: 'varchar', length: 16, default: 'incomplete' })
  status: SubscriptionStatus;

  @Column({ type: 'bigint', transformer: bigintNumber })
  amount: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ name: 'current_period_start', type: 'timestamptz', nullable: true })
  currentPeriodStart: Date | null;

  @Column({ name: 'current_period_end', type: 'timestamptz', nullable: true })
  currentPeriodEnd: Date | null;

  @Column({ name: 'cancel_at_period_end', type: 'boolean', default: false })
  cancelAtPeriodEnd: boolean;

  @Column({ name: 'canceled_at', type: 'timestamptz', nullable: true })
  canceledAt: Date | null;

  @Column({ name: 'provider_session_id', type: 'varchar', length: 255, nullable: true })
  providerSessionId: string | null;

  @Column({ name: 'checkout_url', type: 'text', nullable: true })
  checkoutUrl: string | null;

  @Column({ name: 'trial_end', type: 'timestamptz', nullable: true })
  trialEnd: Date | null;

  @Column({ name: 'past_due_since', type: 'timestamptz', nullable: true })
  pastDueSince: Date | null;

  @Column({ name: 'access_ends_at', type: 'timestamptz', nullable: true })
  accessEndsAt: Date | null;

  @Column({ name: 'cancel_requested', type: 'varchar', length: 16, nullable: true })
  cancelRequested: 'period_end' | 'now' | null;

  @Column({ name: 'payment_problem', type: 'jsonb', nullable: true })
  paymentProblem: Record<string, unknown> | null;

  @Column({ name: 'last_payment_at', type: 'timestamptz', nullable: true })
  lastPaymentAt: Date | null;

  @Column({ name: 'live_since', type: 'timestamptz', nullable: true })
  liveSince: Date | null;

  @Column({ name: 'tax_rate_bp', type: 'integer', default: 0 })
  taxRateBasisPoints: number;

  @Column({ name: 'prices_include_tax', type: 'boolean', default: true })
  pricesIncludeTax: boolean;

  @Column({ name: 'change_requests', type: 'integer', default: 0 })
  changeRequests: number;

  @Column({ name: 'last_event_at', type: 'timestamptz', nullable: true })
  lastEventAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
