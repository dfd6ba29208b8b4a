import { z } from 'zod';
import { EMAIL_KINDS } from '../../domain/emails/email-kind';
import { EMAIL_STATUSES } from '../../domain/emails/email-state-machine';
import { defineRoute, type ApiRoute } from '../route-definition';
import { pageFields, pathId } from '../validation';

const listQuery = z.strictObject({
  status: z.enum(EMAIL_STATUSES).optional(),
  kind: z.enum(EMAIL_KINDS).optional(),
  /** Part of a recipient's address, any case. */
  q: z
    .string()
    .trim()
    .min(1)
    .max(320)
    .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters')
    .optional(),
  ...pageFields(25),
});

const emailId = z.strictObject({ id: pathId });

const TAGS = ['admin'];

/** The email outbox for admins: filtered list, one email, resend. */
export const adminEmailRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/admin/emails',
    auth: 'admin',
    summary: 'Outbox emails, newest first',
    tags: TAGS,
    query: listQuery,
    responses: { 200: { description: 'A page of emails and the next cursor' } },
    handle: ({ query }, { emails }) => emails.list(query),
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/emails/:id',
    auth: 'admin',
    summary: 'One outbox email and what became of it',
    tags: TAGS,
    params: emailId,
    notFound: 'Email',
    responses: { 200: { description: 'The email' } },
    handle: ({ params }, { emails }) => emails.get(params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/emails/:id/resend',
    auth: 'admin',
    summary: 'Queue a sent, failed or skipped email again (a new Message-ID)',
    tags: TAGS,
    params: emailId,
    notFound: 'Email',
    responses: {
      200: { description: 'The email, queued again' },
      409: { description: 'The email is still on its way: queued, sending or retrying (`email_in_flight`)' },
    },
    handle: ({ principal, params }, { emails }) => emails.resend(principal.userId, params.id),
  }),
];
