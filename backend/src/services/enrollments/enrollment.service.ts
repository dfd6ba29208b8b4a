import type { DataStore } from '../../repositories/data-store';
import type { EnrollmentSource } from '../../repositories/enrollment.repository';

export interface EnrollmentView {
  id: string;
  courseId: string;
  courseTitle: string;
  source: EnrollmentSource;
  enrolledAt: string;
}

export class EnrollmentService {
  constructor(private readonly store: DataStore) {}

  isEnrolled(userId: string, courseId: string): Promise<boolean> {
    return this.store.repos.enrollments.isEnrolled(userId, courseId);
  }

  async list(userId: string): Promise<EnrollmentView[]> {
    const enrollments = await this.store.repos.enrollments.listForUser(userId);
    return enrollments.map((e) => ({ ...e, enrolledAt: e.enrolledAt.toISOString() }));
  }
}
