import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { PaymentStatus, ProviderName } from '../domain/payments/payment-status';
import { bigintNumber, decimalString } from './column-types';
import { Course } from './course.entity';
import { Refund } from './refund.entity';

export type PaymentKind = 'course' | 'subscription';

/**
 * One attempt to collect money: written as `pending` with the expected amount before the
 * provider is called, then moved only by the payment state machine.
 */
@Entity({ name: 'payments' })
@Index('ix_payments_user_created', ['userId', 'createdAt', 'id'])
@Index('ix_payments_created', ['createdAt', 'id'])
@Index('ix_payments_status_created', ['status', 'createdAt'])
@Index('ix_payments_reconcile_rotation', ['lastCheckedAt', 'createdAt'], {
  where: `status IN ('pending', 'processing', 'failed')`,
})
@Index('uq_payments_provider_session', ['provider', 'providerSessionId'], { unique: true })
@Index('uq_payments_provider_payment', ['provider', 'providerPaymentId'], { unique: true })
@Index('uq_payments_user_idempotency_key', ['userId', 'idempotencyKey'], { unique: true })
export class Payment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 16, default: 'course' })
  kind: PaymentKind;

  @Column({ name: 'course_id', type: 'uuid', nullable: true })
  courseId: string | null;

  @ManyToOne(() => Course, { nullable: true })
  @JoinColumn({ name: 'course_id' })
  course: Course | null;

  @Column({ name: 'subscription_id', type: 'uuid', nullable: true })
  subscriptionId: string | null;

  @Column({ type: 'varchar', length: 16 })
  provider: ProviderName;

  @Column({ type: 'varchar', length: 32, default: 'pending' })
  status: PaymentStatus;

  @Column({ type: 'bigint', transformer: bigintNumber })
  amount: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  /** Set when the price was converted: the rate used and what it was converted from. */
  @Column({
    name: 'exchange_rate',
    type: 'numeric',
    precision: 24,
    scale: 12,
    nullable: true,
    transformer: decimalString,
  })
  exchangeRate: string | null;

  /** Where the rate came from (`ecb`, `manual`, ...) and when it came into force. */
  @Column({ name: 'exchange_rate_source', type: 'varchar', length: 100, nullable: true })
  exchangeRateSource: string | null;

  @Column({ name: 'exchange_rate_valid_from', type: 'timestamptz', nullable: true })
  exchangeRateValidFrom: Date | null;

  @Column({ name: 'base_amount', type: 'bigint', nullable: true, transformer: bigintNumber })
  baseAmount: number | null;

  @Column({ name: 'base_currency', type: 'char', length: 3, nullable: true })
  baseCurrency: string | null;

  /** Stripe Checkout Session id or PayPal order id. */
  @Column({ name: 'provider_session_id', type: 'varchar', length: 255, nullable: true })
  providerSessionId: string | null;

  /** Stripe PaymentIntent id or PayPal capture id, once known. */
  @Column({ name: 'provider_payment_id', type: 'varchar', length: 255, nullable: true })
  providerPaymentId: string | null;

  @Column({ name: 'checkout_url', type: 'text', nullable: true })
  checkoutUrl: string | null;

  /** The client's Idempotency-Key for the checkout request, unique per user. */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 255, nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'failure_code', type: 'varchar', length: 100, nullable: true })
  failureCode: string | null;

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason: string | null;

  @Column({ name: 'review_reason', type: 'text', nullable: true })
  reviewReason: string | null;

  /** What the provider confirmed when it differed from `amount` (a payment in review). */
  @Column({ name: 'confirmed_amount', type: 'bigint', nullable: true, transformer: bigintNumber })
  confirmedAmount: number | null;

  @Column({ name: 'confirmed_currency', type: 'char', length: 3, nullable: true })
  confirmedCurrency: string | null;

  /** Provider time of the last event applied, so an older event never undoes a newer state. */
  @Column({ name: 'last_event_at', type: 'timestamptz', nullable: true })
  lastEventAt: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  /** When reconciliation last asked the provider about this payment (it asks the least recent first). */
  @Column({ name: 'last_checked_at', type: 'timestamptz', nullable: true })
  lastCheckedAt: Date | null;

  /** The saved method the checkout was started with (a vaulted PayPal wallet), if any. */
  @Column({ name: 'payment_method_id', type: 'uuid', nullable: true })
  paymentMethodId: string | null;

  @OneToMany(() => Refund, (refund) => refund.payment)
  refunds: Refund[];

  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
