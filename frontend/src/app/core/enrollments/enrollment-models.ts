/** Enrollment types of the public HTTP API (see the API section of the root README.md). */

export interface Enrollment {
  id: string;
  courseId: string;
  courseTitle: string;
  enrolledAt: string;
  /** What granted it: a purchase, or the student's subscription. */
  source?: 'purchase' | 'subscription';
  status?: 'active' | 'suspended' | 'revoked';
}
