import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { bigintNumber } from './column-types';
import { Plan } from './plan.entity';

/** A plan's explicit price in one currency. */
@Entity({ name: 'plan_prices' })
@Unique('uq_plan_prices_plan_currency', ['planId', 'currency'])
export class PlanPrice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @ManyToOne(() => Plan, (plan) => plan.prices, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id' })
  plan: Plan;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'bigint', transformer: bigintNumber })
  amount: number;
}
