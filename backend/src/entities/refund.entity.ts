import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { ProviderName, RefundStatus } from '../domain/payments/payment-status';
import type { RefundOrigin } from '../domain/refunds/refund-origin';
import { bigintNumber } from './column-types';
import { Payment } from './payment.entity';

@Entity({ name: 'refunds' })
@Index('uq_refunds_provider_ref', ['provider', 'providerRefundId'], { unique: true })
@Index('ix_refunds_payment', ['paymentId', 'createdAt'])
export class Refund {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'payment_id', type: 'uuid' })
  paymentId: string;

  @ManyToOne(() => Payment, (payment) => payment.refunds)
  @JoinColumn({ name: 'payment_id' })
  payment: Payment;

  @Column({ type: 'varchar', length: 16 })
  provider: ProviderName;

  @Column({ name: 'provider_refund_id', type: 'varchar', length: 255, nullable: true })
  providerRefundId: string | null;

  @Column({ type: 'bigint', transformer: bigintNumber })
  amount: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: RefundStatus;

  /** Who started it: an admin, the provider's dashboard, or our duplicate-purchase refund. */
  @Column({ type: 'varchar', length: 24, default: 'admin' })
  origin: RefundOrigin;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason: string | null;

  /** `refund:<paymentId>:<n>`, derived from our ids so a retried request never refunds twice; null for dashboard refunds. */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 255, unique: true, nullable: true })
  idempotencyKey: string | null;

  /** The admin request's Idempotency-Key, unique per payment. */
  @Column({ name: 'request_key', type: 'varchar', length: 255, nullable: true })
  requestKey: string | null;

  @Column({ name: 'provider_updated_at', type: 'timestamptz', nullable: true })
  providerUpdatedAt: Date | null;

  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
