import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { bigintNumber } from './column-types';
import { Course } from './course.entity';

/** An explicit price of a course in one currency; it wins over conversion. */
@Entity({ name: 'course_prices' })
@Unique('uq_course_prices_course_currency', ['courseId', 'currency'])
export class CoursePrice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'course_id', type: 'uuid' })
  courseId: string;

  @ManyToOne(() => Course, (course) => course.prices, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_id' })
  course: Course;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'bigint', transformer: bigintNumber })
  amount: number;
}
