import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type DriftSubjectType = 'payment' | 'refund' | 'dispute' | 'subscription';

/** One difference a reconciliation run found between our records and a provider's, or a check that failed. */
@Entity({ name: 'reconciliation_drifts' })
export class ReconciliationDrift {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @Column({ name: 'found_at', type: 'timestamptz', default: () => 'now()' })
  foundAt: Date;

  @Column({ name: 'subject_type', type: 'varchar', length: 16 })
  subjectType: DriftSubjectType;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Column({ name: 'payment_id', type: 'uuid', nullable: true })
  paymentId: string | null;

  @Column({ type: 'varchar', length: 16 })
  provider: string;

  /** Our state before the provider's answer was applied. */
  @Column({ name: 'before_state', type: 'varchar', length: 32, nullable: true })
  beforeState: string | null;

  /** Our state after it (equal to before when nothing could be healed). */
  @Column({ name: 'after_state', type: 'varchar', length: 32, nullable: true })
  afterState: string | null;

  @Column({ type: 'boolean' })
  healed: boolean;

  /** Why the check failed (the provider was unreachable, ...); null for a drift. */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'text', default: '' })
  detail: string;
}
