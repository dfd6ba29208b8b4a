import { Router } from 'express';
import { z } from 'zod';
import { REVIEW_RESOLUTIONS } from '../../domain/payments/review-resolution';
import type { ReviewService } from '../../services/admin/review.service';
import type { AuthService } from '../../services/auth/auth.service';
import { authenticate, principalOf, requireRole } from '../middleware/auth.middleware';
import { parseInput, plainText } from '../validation';

const queueQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
});

const resolveBody = z.strictObject({
  resolution: z.enum(REVIEW_RESOLUTIONS, { error: `must be one of ${REVIEW_RESOLUTIONS.join(', ')}` }),
  note: plainText(500),
});

/** The review queue (payments in requires_review) and an admin's resolution of one. */
export function adminReviewRoutes(auth: AuthService, review: ReviewService): Router {
  const router = Router();
  router.use(authenticate(auth), requireRole('admin'));

  router.get('/', async (req, res) => {
    res.json(await review.queue(parseInput(queueQuery, req.query, 'query')));
  });

  router.post('/:paymentId/resolve', async (req, res) => {
    const body = parseInput(resolveBody, req.body);
    res.json(
      await review.resolve(principalOf(req), {
        paymentId: String(req.params.paymentId),
        resolution: body.resolution,
        note: body.note,
      }),
    );
  });
  return router;
}
