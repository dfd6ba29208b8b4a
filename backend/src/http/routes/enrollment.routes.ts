import { z } from 'zod';
import { Reply } from '../reply';
import { defineRoute, type ApiRoute } from '../route-definition';
import { pathId } from '../validation';

const TAGS = ['enrollments'];

export const enrollmentRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/enrollments',
    auth: 'signed_in',
    owner: 'caller',
    summary: "The caller's enrollments",
    tags: TAGS,
    responses: { 200: { description: '`{items}`: the enrollments' } },
    handle: async ({ principal }, { enrollments }) => ({ items: await enrollments.list(principal.userId) }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/enrollments/:courseId',
    auth: 'student',
    owner: 'caller',
    summary: "Enroll in a course through the student's subscription",
    tags: TAGS,
    params: z.strictObject({ courseId: pathId }),
    notFound: 'Course',
    responses: {
      200: { description: 'The enrollment that already gives the course' },
      201: { description: 'The new enrollment' },
      403: { description: 'No subscription gives access (`subscription_required`): buy the course instead' },
    },
    handle: async ({ principal, params }, { enrollments }) => {
      const { enrollment, created } = await enrollments.enrollThroughSubscription(principal.userId, params.courseId);
      return Reply.json(created ? 201 : 200, enrollment);
    },
  }),
];
