import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { EnrollmentStatus } from '../domain/entitlements/access-decision';
import { Course } from './course.entity';

export type EnrollmentSource = 'purchase' | 'subscription' | 'admin';

/**
 * A grant of a course, keyed by what granted it (a payment, or a subscription and course). A
 * course is owned (active or suspended) at most once per student: a partial unique index in the
 * migration enforces it; revoked grants stay as history.
 */
@Entity({ name: 'enrollments' })
export class Enrollment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'course_id', type: 'uuid' })
  courseId: string;

  @ManyToOne(() => Course)
  @JoinColumn({ name: 'course_id' })
  course: Course;

  @Column({ name: 'payment_id', type: 'uuid', nullable: true })
  paymentId: string | null;

  @Column({ name: 'subscription_id', type: 'uuid', nullable: true })
  subscriptionId: string | null;

  @Column({ type: 'varchar', length: 16 })
  source: EnrollmentSource;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: EnrollmentStatus;

  /** What caused the last change: `payment:<id>`, `refund:<id>`, `dispute:<id>`. */
  @Column({ name: 'status_cause', type: 'varchar', length: 120, default: 'granted' })
  statusCause: string;

  @Column({ name: 'status_changed_at', type: 'timestamptz', default: () => 'now()' })
  statusChangedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
