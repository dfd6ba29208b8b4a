import type { EnrollmentSource } from '../entities/enrollment.entity';
import type { SqlRunner } from './sql-runner';

export type { EnrollmentSource };

export interface EnrollmentRecord {
  id: string;
  courseId: string;
  courseTitle: string;
  source: EnrollmentSource;
  enrolledAt: Date;
}

/** The enrollments ledger. Grants on purchase are written by PaymentRepository.recordTransition (hot path). */
export class EnrollmentRepository {
  constructor(private readonly sql: SqlRunner) {}

  async isEnrolled(userId: string, courseId: string): Promise<boolean> {
    const rows = await this.sql.query(`SELECT 1 FROM enrollments WHERE user_id = $1 AND course_id = $2`, [
      userId,
      courseId,
    ]);
    return rows.length > 0;
  }

  async listForUser(userId: string): Promise<EnrollmentRecord[]> {
    const rows = await this.sql.query<{
      id: string;
      course_id: string;
      title: string;
      source: EnrollmentSource;
      created_at: Date;
    }>(
      `SELECT e.id, e.course_id, c.title, e.source, e.created_at
         FROM enrollments e JOIN courses c ON c.id = e.course_id
        WHERE e.user_id = $1 ORDER BY e.created_at DESC, e.id DESC`,
      [userId],
    );
    return rows.map((r) => ({
      id: r.id,
      courseId: r.course_id,
      courseTitle: r.title,
      source: r.source,
      enrolledAt: new Date(r.created_at),
    }));
  }
}
