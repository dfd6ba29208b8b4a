import { z } from 'zod';
import { PAYMENT_STATUSES, PROVIDERS } from '../../domain/payments/payment-status';
import { ValidationError } from '../../errors/app-error';
import { toRefundView } from '../../services/refunds/refund-views';
import { defineRoute, type ApiRoute } from '../route-definition';
import { currencyCode, idempotencyKeyHeader, pageFields, pathId, plainText, refreshFlag } from '../validation';

const checkoutBody = z
  .strictObject({
    provider: z.enum(PROVIDERS, { error: `must be one of ${PROVIDERS.join(', ')}` }),
    currency: currencyCode.optional(),
    /** The amount the student was shown, in minor units of `currency` (or the default currency). */
    expectedAmount: z
      .number()
      .int('must be a whole number of minor units')
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .optional(),
    /** A saved method of the student's to pay with (a vaulted PayPal wallet). */
    paymentMethodId: z.uuid({ error: 'must be the id of one of your saved payment methods' }).optional(),
  })
  .meta({ examples: [{ provider: 'stripe', currency: 'EUR', expectedAmount: 4900 }] });

const historyQuery = z.strictObject({
  ...pageFields(20),
  status: z.enum(PAYMENT_STATUSES).optional(),
  userId: z.uuid().optional(),
});

const paymentQuery = z.strictObject({
  /** Ask the provider for the latest state first (the checkout return page does this once). */
  refresh: refreshFlag,
});

const refundBody = z
  .strictObject({
    /** Minor units of the payment's currency; the whole refundable remainder when absent. */
    amount: z.number().int('must be a whole number of minor units').positive().max(Number.MAX_SAFE_INTEGER).optional(),
    reason: plainText(500).optional(),
  })
  .meta({ examples: [{ amount: 1500, reason: 'Asked for a partial refund' }] });

const TAGS = ['payments'];

export const paymentRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'post',
    path: '/api/payments/checkout/:courseId',
    auth: 'student',
    owner: 'caller',
    summary: "Start (or resume) a course checkout at the provider's hosted page",
    tags: TAGS,
    params: z.strictObject({ courseId: pathId }),
    notFound: 'Course',
    body: checkoutBody,
    headers: idempotencyKeyHeader,
    rateLimit: { name: 'checkout' },
    responses: {
      201: { description: 'The payment and where to send the student (`checkoutUrl`)' },
      409: { description: 'The course is owned already, or another checkout of it is in progress' },
      422: { description: 'The price changed since it was shown (`price_changed`), or the provider declined' },
    },
    handle: ({ principal, params, body, headers }, { checkout }) =>
      checkout.startCourseCheckout({
        userId: principal.userId,
        courseId: params.courseId,
        provider: body.provider,
        currency: body.currency,
        expectedAmount: body.expectedAmount,
        paymentMethodId: body.paymentMethodId,
        idempotencyKey: headers['Idempotency-Key'],
      }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/payments/paypal/capture/:orderId',
    auth: 'signed_in',
    owner: 'caller_or_admin',
    summary: 'Capture an approved PayPal order (the return from PayPal)',
    tags: TAGS,
    params: z.strictObject({ orderId: z.string().min(1).max(255) }),
    notFound: 'Payment',
    responses: {
      200: { description: 'The payment after the capture' },
      409: { description: 'The course is owned already: this payment was not taken' },
      422: { description: 'PayPal declined the capture (`payment_declined`)' },
    },
    handle: ({ principal, params }, { checkout }) => checkout.capturePayPalOrder(principal, params.orderId),
  }),
  defineRoute({
    method: 'post',
    path: '/api/payments/refund/:paymentId',
    auth: 'admin',
    summary: 'Refund a payment, wholly or in part',
    tags: TAGS,
    params: z.strictObject({ paymentId: pathId }),
    notFound: 'Payment',
    body: refundBody,
    headers: idempotencyKeyHeader,
    rateLimit: { name: 'refund' },
    responses: {
      201: { description: '`{refund}`: the refund, pending until the provider confirms it' },
      409: { description: 'The payment cannot be refunded in its state' },
      422: { description: 'More than the refundable remainder' },
    },
    handle: async ({ principal, params, body, headers }, { refunds }) => {
      const refund = await refunds.refundPayment({
        adminUserId: principal.userId,
        paymentId: params.paymentId,
        amount: body.amount,
        reason: body.reason,
        requestKey: headers['Idempotency-Key'],
      });
      return { refund: toRefundView(refund) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/payments/history',
    auth: 'signed_in',
    owner: 'caller_or_admin',
    summary: "The caller's payments, newest first (admins: everyone's, or one user's)",
    tags: TAGS,
    query: historyQuery,
    responses: { 200: { description: 'A page of payments and the next cursor' } },
    handle: async ({ principal, query }, { payments }) => {
      if (query.userId && principal.role !== 'admin' && query.userId !== principal.userId) {
        throw new ValidationError('The userId filter is only for admins', [{ path: 'userId', message: 'not allowed' }]);
      }
      return payments.history(principal, query);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/payments/:id',
    auth: 'signed_in',
    owner: 'caller_or_admin',
    summary: 'One payment',
    tags: TAGS,
    params: z.strictObject({ id: pathId }),
    notFound: 'Payment',
    query: paymentQuery,
    rateLimit: { name: 'refresh', when: ({ query }) => query.refresh === 'true' },
    responses: { 200: { description: 'The payment' } },
    handle: ({ principal, params, query }, { payments }) =>
      query.refresh === 'true'
        ? payments.refreshFromProvider(principal, params.id)
        : payments.getPayment(principal, params.id),
  }),
];
