import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from './column-types';
import { CoursePrice } from './course-price.entity';

@Entity({ name: 'courses' })
export class Course {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 120, unique: true })
  slug: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  /** The price other currencies are converted from when they have no explicit price. */
  @Column({ name: 'base_price_amount', type: 'bigint', transformer: bigintNumber })
  basePriceAmount: number;

  @Column({ name: 'base_currency', type: 'char', length: 3 })
  baseCurrency: string;

  @Column({ type: 'boolean', default: true })
  published: boolean;

  @OneToMany(() => CoursePrice, (price) => price.course)
  prices: CoursePrice[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
