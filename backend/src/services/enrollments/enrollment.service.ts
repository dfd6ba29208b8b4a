import type { EnrollmentStatus } from '../../domain/entitlements/access-decision';
import type { DataStore } from '../../repositories/data-store';
import type { EnrollmentSource } from '../../repositories/enrollment.repository';

export interface EnrollmentView {
  id: string;
  courseId: string;
  courseTitle: string;
  source: EnrollmentSource;
  status: EnrollmentStatus;
  enrolledAt: string;
}

export class EnrollmentService {
  constructor(private readonly store: DataStore) {}

  /** The courses the student can open now (active access only). */
  async list(userId: string): Promise<EnrollmentView[]> {
    const enrollments = await this.store.repos.enrollments.activeForUser(userId);
    return enrollments.map((e) => ({ ...e, enrolledAt: e.enrolledAt.toISOString() }));
  }
}
