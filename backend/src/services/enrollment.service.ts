import type { DataSource } from 'typeorm';
import type { EnrollmentSource } from '../entities/enrollment.entity';

export interface EnrollmentView {
  id: string;
  courseId: string;
  courseTitle: string;
  source: EnrollmentSource;
  enrolledAt: string;
}

export class EnrollmentService {
  constructor(private readonly dataSource: DataSource) {}

  async isEnrolled(userId: string, courseId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM enrollments WHERE user_id = $1 AND course_id = $2`,
      [userId, courseId],
    );
    return rows.length > 0;
  }

  async list(userId: string): Promise<EnrollmentView[]> {
    const rows: { id: string; course_id: string; title: string; source: EnrollmentSource; created_at: Date }[] =
      await this.dataSource.query(
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
      enrolledAt: new Date(r.created_at).toISOString(),
    }));
  }
}
