import type { EnrollmentStatus } from '../domain/entitlements/access-decision';
import type { EnrollmentSource } from '../entities/enrollment.entity';
import type { SqlRunner } from './sql-runner';

export type { EnrollmentSource };

export interface EnrollmentRecord {
  id: string;
  courseId: string;
  courseTitle: string;
  source: EnrollmentSource;
  status: EnrollmentStatus;
  enrolledAt: Date;
}

/** A grant of a course, keyed by what granted it. */
export interface EnrollmentGrant {
  id: string;
  userId: string;
  courseId: string;
  status: EnrollmentStatus;
  cause: string;
}

/**
 * The enrollments ledger: one row per grant (a payment, a subscription and course), whose status
 * follows the money. Grants on purchase are written by PaymentRepository.recordTransition (hot
 * path); a course is owned (active or suspended) at most once, which the database enforces.
 */
export class EnrollmentRepository {
  constructor(private readonly sql: SqlRunner) {}

  /** Whether the student has the course: active, or suspended while a chargeback is open. */
  async ownsCourse(userId: string, courseId: string): Promise<boolean> {
    const rows = await this.sql.query(
      `SELECT 1 FROM enrollments WHERE user_id = $1 AND course_id = $2 AND status IN ('active', 'suspended')`,
      [userId, courseId],
    );
    return rows.length > 0;
  }

  /** The grant a purchase made, if it made one. */
  async forPayment(paymentId: string): Promise<EnrollmentGrant | undefined> {
    const rows = await this.sql.query<GrantRow>(
      `SELECT id, user_id, course_id, status, status_cause FROM enrollments WHERE payment_id = $1`,
      [paymentId],
    );
    return rows[0] && toGrant(rows[0]);
  }

  /** The grants a subscription made (any status). */
  async forSubscription(subscriptionId: string): Promise<EnrollmentGrant[]> {
    const rows = await this.sql.query<GrantRow>(
      `SELECT id, user_id, course_id, status, status_cause FROM enrollments WHERE subscription_id = $1 ORDER BY created_at`,
      [subscriptionId],
    );
    return rows.map(toGrant);
  }

  /**
   * Enrolls the student through their subscription: a new grant, or the plan's earlier grant of
   * this course made active again. Nothing when the course is owned otherwise (bought, or through
   * another grant): `undefined`, and the caller shows the enrollment that owns it.
   */
  async grantThroughSubscription(
    userId: string,
    courseId: string,
    subscriptionId: string,
  ): Promise<{ grant: EnrollmentGrant; created: boolean } | undefined> {
    const inserted = await this.sql.query<GrantRow>(
      `INSERT INTO enrollments (user_id, course_id, subscription_id, source, status_cause)
       VALUES ($1, $2, $3::uuid, 'subscription', 'subscription:' || $3::uuid::text)
       ON CONFLICT DO NOTHING
       RETURNING id, user_id, course_id, status, status_cause`,
      [userId, courseId, subscriptionId],
    );
    if (inserted[0]) return { grant: toGrant(inserted[0]), created: true };
    const earlier = await this.sql.query<GrantRow>(
      `SELECT id, user_id, course_id, status, status_cause FROM enrollments WHERE subscription_id = $1 AND course_id = $2`,
      [subscriptionId, courseId],
    );
    const grant = earlier[0] && toGrant(earlier[0]);
    if (!grant || grant.status === 'active') return grant && { grant, created: false };
    if (!(await this.changeStatus(grant.id, 'active', `subscription:${subscriptionId}`))) return undefined;
    return { grant: { ...grant, status: 'active' }, created: true };
  }

  /** The student's enrollment in a course that owns it now (active or suspended). */
  async owning(userId: string, courseId: string): Promise<EnrollmentRecord | undefined> {
    const rows = await this.sql.query<EnrollmentRow>(
      `${ENROLLMENT_SELECT} WHERE e.user_id = $1 AND e.course_id = $2 AND e.status IN ('active', 'suspended')`,
      [userId, courseId],
    );
    return rows[0] && toEnrollment(rows[0]);
  }

  /**
   * Moves a grant to `status` with its cause. Back to active or suspended only while no other
   * grant owns the course (the student may have bought it again after a refund); returns whether
   * the row changed.
   */
  async changeStatus(id: string, status: EnrollmentStatus, cause: string): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE enrollments e SET status = $2, status_cause = $3, status_changed_at = now()
        WHERE e.id = $1 AND e.status <> $2
          AND ($2 = 'revoked' OR e.status <> 'revoked' OR NOT EXISTS (
            SELECT 1 FROM enrollments o WHERE o.user_id = e.user_id AND o.course_id = e.course_id
               AND o.id <> e.id AND o.status IN ('active', 'suspended')))
        RETURNING e.id`,
      [id, status, cause],
    );
    return rows.length > 0;
  }

  /** What the student can open now: active grants only. */
  async activeForUser(userId: string): Promise<EnrollmentRecord[]> {
    const rows = await this.sql.query<EnrollmentRow>(
      `${ENROLLMENT_SELECT} WHERE e.user_id = $1 AND e.status = 'active' ORDER BY e.created_at DESC, e.id DESC`,
      [userId],
    );
    return rows.map(toEnrollment);
  }
}

interface GrantRow {
  id: string;
  user_id: string;
  course_id: string;
  status: EnrollmentStatus;
  status_cause: string;
}

function toGrant(r: GrantRow): EnrollmentGrant {
  return { id: r.id, userId: r.user_id, courseId: r.course_id, status: r.status, cause: r.status_cause };
}

interface EnrollmentRow {
  id: string;
  course_id: string;
  title: string;
  source: EnrollmentSource;
  status: EnrollmentStatus;
  created_at: Date;
}

const ENROLLMENT_SELECT = `SELECT e.id, e.course_id, c.title, e.source, e.status, e.created_at
  FROM enrollments e JOIN courses c ON c.id = e.course_id`;

function toEnrollment(r: EnrollmentRow): EnrollmentRecord {
  return {
    id: r.id,
    courseId: r.course_id,
    courseTitle: r.title,
    source: r.source,
    status: r.status,
    enrolledAt: new Date(r.created_at),
  };
}
