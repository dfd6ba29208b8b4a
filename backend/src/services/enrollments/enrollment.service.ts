import type { EnrollmentStatus } from '../../domain/entitlements/access-decision';
import { decideSubscriptionAccess, type SubscriptionAccessRules } from '../../domain/subscriptions/subscription-access';
import { ForbiddenError, NotFoundError } from '../../errors/app-error';
import type { DataStore } from '../../repositories/data-store';
import type { EnrollmentRecord, EnrollmentSource } from '../../repositories/enrollment.repository';
import { isUuid } from '../ids';

export interface EnrollmentView {
  id: string;
  courseId: string;
  courseTitle: string;
  source: EnrollmentSource;
  status: EnrollmentStatus;
  enrolledAt: string;
}

export class EnrollmentService {
  constructor(
    private readonly store: DataStore,
    private readonly subscriptionRules: SubscriptionAccessRules,
  ) {}

  /** The courses the student can open now (active access only). */
  async list(userId: string): Promise<EnrollmentView[]> {
    const enrollments = await this.store.repos.enrollments.activeForUser(userId);
    return enrollments.map(toView);
  }

  /**
   * All-access: a student whose subscription gives access now enrolls in any published course.
   * A course they already have (bought, or enrolled before) answers that enrollment instead.
   */
  async enrollThroughSubscription(
    userId: string,
    courseId: string,
  ): Promise<{ enrollment: EnrollmentView; created: boolean }> {
    const { catalog, enrollments, subscriptions, audit } = this.store.repos;
    const course = isUuid(courseId) ? await catalog.publishedCourse(courseId) : undefined;
    if (!course) throw new NotFoundError('Course');
    const owned = await enrollments.owning(userId, course.id);
    if (owned) return { enrollment: toView(owned), created: false };

    const now = new Date();
    const candidates = await subscriptions.withAccessCandidates(userId, now);
    const granting = candidates.find((s) => decideSubscriptionAccess(s, this.subscriptionRules, now).access === 'full');
    if (!granting) {
      throw new ForbiddenError(
        'Enrolling without buying needs a subscription plan with access; see the plans, or buy the course',
        'subscription_required',
      );
    }
    const granted = await enrollments.grantThroughSubscription(userId, course.id, granting.id);
    const enrollment = await enrollments.owning(userId, course.id);
    if (!enrollment) throw new NotFoundError('Enrollment');
    if (granted?.created) {
      await audit.append({
        actor: 'user',
        action: 'enrollment.active',
        entityType: 'enrollment',
        entityId: granted.grant.id,
        data: { cause: `subscription:${granting.id}`, subscriptionId: granting.id, courseId: course.id },
      });
    }
    return { enrollment: toView(enrollment), created: granted?.created ?? false };
  }
}

function toView(e: EnrollmentRecord): EnrollmentView {
  return { ...e, enrolledAt: e.enrolledAt.toISOString() };
}
