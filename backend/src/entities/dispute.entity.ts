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
import type { DisputeState } from '../domain/events/domain-event';
import type { ProviderName } from '../domain/payments/payment-status';
import { bigintNumber } from './column-types';
import { Payment } from './payment.entity';

/** One row per provider dispute (a chargeback or an inquiry) of a payment. */
@Entity({ name: 'disputes' })
@Index('uq_disputes_provider_ref', ['provider', 'providerDisputeId'], { unique: true })
@Index('ix_disputes_payment', ['paymentId', 'openedAt'])
export class Dispute {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'payment_id', type: 'uuid' })
  paymentId: string;

  @ManyToOne(() => Payment)
  @JoinColumn({ name: 'payment_id' })
  payment: Payment;

  @Column({ type: 'varchar', length: 16 })
  provider: ProviderName;

  @Column({ name: 'provider_dispute_id', type: 'varchar', length: 255 })
  providerDisputeId: string;

  @Column({ type: 'bigint', transformer: bigintNumber })
  amount: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'varchar', length: 120 })
  reason: string;

  @Column({ type: 'varchar', length: 24 })
  status: DisputeState;

  @Column({ name: 'funds_withdrawn', type: 'boolean', default: false })
  fundsWithdrawn: boolean;

  @Column({ name: 'provider_updated_at', type: 'timestamptz' })
  providerUpdatedAt: Date;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
