import { Router } from 'express';
import type { AuthService } from '../../services/auth/auth.service';
import type { EnrollmentService } from '../../services/enrollments/enrollment.service';
import { authenticate, principalOf, requireRole } from '../middleware/auth.middleware';

export function enrollmentRoutes(auth: AuthService, enrollments: EnrollmentService): Router {
  const router = Router();
  router.use(authenticate(auth));
  router.get('/', async (req, res) => {
    res.json({ items: await enrollments.list(principalOf(req).userId) });
  });
  /** Enroll through the student's subscription (201), or the enrollment that already gives the course (200). */
  router.post('/:courseId', requireRole('student'), async (req, res) => {
    const { enrollment, created } = await enrollments.enrollThroughSubscription(
      principalOf(req).userId,
      String(req.params.courseId),
    );
    res.status(created ? 201 : 200).json(enrollment);
  });
  return router;
}
