import express from 'express';
import request from 'supertest';
import Stripe from 'stripe';
import { money } from '../../src/domain/money';
import { AppError } from '../../src/errors/app-error';
import { PROVIDER_ERROR_KINDS, ProviderError, type ProviderErrorKind } from '../../src/errors/provider-error';
import { errorHandler, PROVIDER_ERROR_STATUS } from '../../src/http/middleware/error.middleware';
import type { Logger } from '../../src/logger';
import { PayPalHttpError, PayPalNetworkError } from '../../src/providers/paypal/paypal-client';
import { translatePayPalError } from '../../src/providers/paypal/paypal-errors';
import type { StripeClient } from '../../src/providers/stripe/stripe-client';
import { translateStripeError } from '../../src/providers/stripe/stripe-errors';
import { StripeAdapter } from '../../src/providers/stripe/stripe.adapter';
import { checkoutRequest } from '../support/checkout-request';
import { fixture } from './providers/fixtures';

function fakeLogger() {
  const warn = jest.fn();
  const error = jest.fn();
  return { logger: { warn, error } as unknown as Logger, warn, error };
}

/** An app whose only route fails with `err`, answered by the real error middleware. */
async function answer(err: unknown, logger = fakeLogger().logger) {
  const app = express();
  app.get('/boom', () => {
    throw err;
  });
  app.use(errorHandler(logger, false));
  return request(app).get('/boom');
}

const expectedStatus: Record<ProviderErrorKind, number> = {
  declined: 422,
  rejected: 422,
  invalid_request: 400,
  not_found: 404,
  conflict: 409,
  unavailable: 502,
  misconfigured: 500,
};

const defaultCode: Record<ProviderErrorKind, string> = {
  declined: 'payment_declined',
  rejected: 'provider_rejected_request',
  invalid_request: 'provider_rejected_request',
  not_found: 'provider_resource_missing',
  conflict: 'provider_conflict',
  unavailable: 'provider_unavailable',
  misconfigured: 'provider_misconfigured',
};

describe('error middleware: provider error kinds', () => {
  it('when the kinds are listed, then each has exactly one status', () => {
    expect(PROVIDER_ERROR_STATUS).toEqual(expectedStatus);
    expect([...PROVIDER_ERROR_KINDS].sort()).toEqual(Object.keys(expectedStatus).sort());
  });

  it.each(PROVIDER_ERROR_KINDS.map((kind) => [kind, expectedStatus[kind], defaultCode[kind]] as const))(
    'when a provider error of kind %s reaches it, then the answer is %i with code %s',
    async (kind, status, code) => {
      const res = await answer(new ProviderError(kind, 'stripe', `it went ${kind}`));
      expect(res.status).toBe(status);
      expect(res.body).toEqual({ error: { code, message: `it went ${kind}` } });
    },
  );

  it('when the error has a specific code and details, then both are answered as they are', async () => {
    const res = await answer(
      new ProviderError('conflict', 'paypal', 'This PayPal order has already been captured', {
        code: 'order_already_captured',
        details: { provider: 'paypal', operation: 'orders.capture' },
      }),
    );
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      error: {
        code: 'order_already_captured',
        message: 'This PayPal order has already been captured',
        details: { provider: 'paypal', operation: 'orders.capture' },
      },
    });
  });

  it('when the status is 500 or more, then the failure is logged; below 500 it is not', async () => {
    for (const kind of PROVIDER_ERROR_KINDS) {
      const { logger, warn } = fakeLogger();
      await answer(new ProviderError(kind, 'stripe', 'x'), logger);
      expect(warn).toHaveBeenCalledTimes(expectedStatus[kind] >= 500 ? 1 : 0);
    }
  });

  it('when an AppError reaches it, then it still answers with its own status and code', async () => {
    const res = await answer(new AppError(400, 'unsupported_provider', 'nope', { provider: 'bitcoin' }));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: { code: 'unsupported_provider', message: 'nope', details: { provider: 'bitcoin' } },
    });
  });
});

function stripeError(props: Record<string, unknown>): Error {
  return Stripe.errors.StripeError.generate(props as never);
}
function stripeFixtureError(status: number, file: string): Error {
  const body = fixture<{ error: Record<string, unknown> }>(file);
  return stripeError({ ...body.error, statusCode: status, requestId: 'req_1' });
}
function payPalError(status: number, body: Record<string, unknown>): PayPalHttpError {
  return new PayPalHttpError(status, body, JSON.stringify(body));
}
const issue = (name: string) => ({ name: 'UNPROCESSABLE_ENTITY', details: [{ issue: name, description: name }] });

interface Case {
  when: string;
  err: unknown;
  status: number;
  code: string;
}

const stripeCase = (when: string, err: unknown, status: number, code: string): Case => ({
  when,
  err: translateStripeError(err, 'x'),
  status,
  code,
});
const payPalCase = (when: string, err: unknown, status: number, code: string): Case => ({
  when,
  err: translatePayPalError(err, 'x'),
  status,
  code,
});

/** Status and code of each case as the AppErrors answered before the error kinds. */
const cases: Case[] = [
  stripeCase(
    'Stripe declines a card',
    stripeFixtureError(402, 'stripe/error.card_declined.json'),
    422,
    'payment_declined',
  ),
  stripeCase(
    'Stripe is unreachable',
    new Stripe.errors.StripeConnectionError({ message: 'ECONNREFUSED' } as never),
    502,
    'provider_unavailable',
  ),
  stripeCase(
    'Stripe answers 5xx',
    stripeError({ type: 'api_error', message: 'boom', statusCode: 500 }),
    502,
    'provider_unavailable',
  ),
  // The SDK makes any status it has no class for (409 included) a StripeAPIError: answered as unavailable.
  stripeCase(
    'Stripe answers 409',
    stripeError({ type: 'invalid_request_error', message: 'in use', statusCode: 409 }),
    502,
    'provider_unavailable',
  ),
  stripeCase(
    'Stripe rejects our key',
    stripeError({ type: 'invalid_request_error', message: 'Invalid API Key', statusCode: 401 }),
    500,
    'provider_misconfigured',
  ),
  stripeCase(
    'Stripe sees an idempotency mismatch',
    stripeFixtureError(400, 'stripe/error.idempotency_error.json'),
    409,
    'idempotency_conflict',
  ),
  stripeCase(
    'Stripe misses the object',
    stripeFixtureError(404, 'stripe/error.invalid_request_error.resource_missing.json'),
    404,
    'provider_resource_missing',
  ),
  stripeCase(
    'Stripe says the charge is already refunded',
    stripeError({
      type: 'invalid_request_error',
      code: 'charge_already_refunded',
      message: 'refunded',
      statusCode: 400,
    }),
    409,
    'already_refunded',
  ),
  stripeCase(
    'Stripe rejects the request',
    stripeError({ type: 'invalid_request_error', message: 'bad', statusCode: 400 }),
    400,
    'provider_rejected_request',
  ),
  payPalCase('PayPal is unreachable', new PayPalNetworkError(new Error('ECONNREFUSED')), 502, 'provider_unavailable'),
  payPalCase('PayPal answers 5xx', payPalError(503, { name: 'SERVICE_UNAVAILABLE' }), 502, 'provider_unavailable'),
  payPalCase('PayPal rate-limits', payPalError(429, { name: 'RATE_LIMIT_REACHED' }), 502, 'provider_unavailable'),
  payPalCase(
    'PayPal rejects our credentials',
    payPalError(401, { error: 'invalid_client' }),
    500,
    'provider_misconfigured',
  ),
  payPalCase(
    'PayPal declines the instrument',
    payPalError(422, fixture('paypal/error.orders.capture.422.INSTRUMENT_DECLINED.json')),
    422,
    'payment_declined',
  ),
  payPalCase(
    'PayPal says the order is not approved',
    payPalError(422, issue('ORDER_NOT_APPROVED')),
    409,
    'order_not_approved',
  ),
  payPalCase(
    'PayPal says the order is already captured',
    payPalError(422, issue('ORDER_ALREADY_CAPTURED')),
    409,
    'order_already_captured',
  ),
  payPalCase(
    'PayPal sees a duplicate request id',
    payPalError(422, issue('DUPLICATE_REQUEST_ID')),
    409,
    'idempotency_conflict',
  ),
  payPalCase(
    'PayPal misses the object',
    payPalError(404, { name: 'RESOURCE_NOT_FOUND', details: [{ issue: 'INVALID_RESOURCE_ID' }] }),
    404,
    'provider_resource_missing',
  ),
  payPalCase(
    'PayPal refuses on a business rule (422)',
    payPalError(422, issue('REFUND_AMOUNT_EXCEEDED')),
    422,
    'provider_rejected_request',
  ),
  payPalCase('PayPal answers 409', payPalError(409, { name: 'CONFLICT' }), 409, 'provider_conflict'),
  payPalCase(
    'PayPal rejects the request',
    payPalError(400, { name: 'INVALID_REQUEST' }),
    400,
    'provider_rejected_request',
  ),
];

describe('error middleware: provider failures answer with the same status and code as before', () => {
  it.each(cases)('when $when, then the answer is $status $code', async ({ err, status, code }) => {
    expect(err).toBeInstanceOf(ProviderError);
    const res = await answer(err);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
  });

  it('when Stripe is unavailable, then the whole answer is the one the first release gave', async () => {
    const res = await answer(
      translateStripeError(new Stripe.errors.StripeConnectionError({ message: 'ECONNREFUSED' } as never), 'x'),
    );
    expect(res.body).toEqual({
      error: {
        code: 'provider_unavailable',
        message: 'stripe is unavailable, please try again shortly',
        details: { provider: 'stripe' },
      },
    });
  });

  it('when the adapter itself refuses (a refund or a read with an empty ref, no session URL), then it is 400 validation_failed and 502 provider_error', async () => {
    const client = {
      checkout: { sessions: { create: () => Promise.resolve({ id: 'cs_1', url: null }) } },
    } as unknown as StripeClient;
    const stripe = new StripeAdapter(
      { secretKey: 'sk_test_x', publishableKey: 'pk', webhookSecret: 'whsec_x' },
      undefined,
      {
        client,
      },
    );
    const caught = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: unknown) => e,
      );

    const emptyRefund = await answer(
      await caught(stripe.refunds.refund({ refundId: 'r', ref: {}, amount: money(100, 'EUR'), idempotencyKey: 'k' })),
    );
    expect([emptyRefund.status, emptyRefund.body.error.code]).toEqual([400, 'validation_failed']);

    const noUrl = await answer(await caught(stripe.checkout.createCheckout(checkoutRequest())));
    expect([noUrl.status, noUrl.body.error.code]).toEqual([502, 'provider_error']);
    expect(noUrl.body.error.details).toEqual({ provider: 'stripe', operation: 'checkout.sessions.create' });

    const emptyRef = await answer(await caught(stripe.checkout.getPaymentState({})));
    expect([emptyRef.status, emptyRef.body.error.code]).toEqual([400, 'validation_failed']);
  });
});
