import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One pass of reconciliation over what may have moved at the providers without a webhook. */
@Entity({ name: 'reconciliation_runs' })
export class ReconciliationRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** Questions asked to a provider. */
  @Column({ type: 'integer', default: 0 })
  checked: number;

  /** Answers that differed from what we had. */
  @Column({ type: 'integer', default: 0 })
  drifted: number;

  /** Differences that applying the provider's answer put right. */
  @Column({ type: 'integer', default: 0 })
  healed: number;

  @Column({ type: 'integer', default: 0 })
  errors: number;
}
