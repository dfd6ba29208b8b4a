import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from './column-types';
import { PlanPrice } from './plan-price.entity';

export type PlanInterval = 'month' | 'year';

/** A subscription plan: access to every published course while active. */
@Entity({ name: 'plans' })
export class Plan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 120, unique: true })
  slug: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'varchar', length: 8 })
  interval: PlanInterval;

  @Column({ name: 'base_price_amount', type: 'bigint', transformer: bigintNumber })
  basePriceAmount: number;

  @Column({ name: 'base_currency', type: 'char', length: 3 })
  baseCurrency: string;

  /** Free days before the first charge (0: no trial). */
  @Column({ name: 'trial_days', type: 'integer', default: 0 })
  trialDays: number;

  @Column({ type: 'boolean', default: true })
  published: boolean;

  @OneToMany(() => PlanPrice, (price) => price.plan)
  prices: PlanPrice[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
