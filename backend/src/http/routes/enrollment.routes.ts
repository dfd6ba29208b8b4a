import { Router } from 'express';
import type { AuthService } from '../../services/auth/auth.service';
import type { EnrollmentService } from '../../services/enrollments/enrollment.service';
import { authenticate, principalOf } from '../middleware/auth.middleware';

export function enrollmentRoutes(auth: AuthService, enrollments: EnrollmentService): Router {
  const router = Router();
  router.get('/', authenticate(auth), async (req, res) => {
    res.json({ items: await enrollments.list(principalOf(req).userId) });
  });
  return router;
}
