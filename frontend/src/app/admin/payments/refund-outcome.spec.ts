import { ApiError } from '../../core/api/api-error';
import { aRefund } from '../../testing/admin-fixtures';
import { refundFailure, refundOutcome } from './refund-outcome';

const format = ({ amount, currency }: { amount: number; currency: string }) => `${currency} ${amount}`;
const apiError = (overrides: Partial<ApiError>): ApiError => ({
  status: 500,
  code: 'internal',
  message: 'Boom.',
  details: [],
  ...overrides,
});

describe('refundOutcome', () => {
  it('when the refund needs action or was canceled at the provider, then it says so', () => {
    expect(refundOutcome(aRefund({ status: 'requires_action' }), 'Stripe', '€12.50', 'a@b.c')).toEqual({
      tone: 'info',
      text: 'The refund of €12.50 needs an action at Stripe before it completes.',
    });
    expect(refundOutcome(aRefund({ status: 'canceled' }), 'Stripe', '€12.50', 'a@b.c').tone).toBe('error');
    expect(refundOutcome(aRefund({ status: 'failed', failureReason: null }), 'PayPal', '€1', 'a@b.c').text).toBe(
      'PayPal refused the refund: no reason given. Nothing was refunded.',
    );
  });
});

describe('refundFailure', () => {
  it('when the server or the network failed, then the same request may be tried again', () => {
    expect(refundFailure(apiError({ status: 502 }), format)).toMatchObject({
      retry: true,
      stale: false,
      chooseAgain: false,
    });
    expect(refundFailure(apiError({ status: 429, code: 'rate_limited' }), format).retry).toBe(true);
  });

  it('when the request itself was wrong, then it is not retried as it is', () => {
    const failure = refundFailure(
      apiError({
        status: 400,
        code: 'amount_not_on_provider_step',
        message: 'stripe refunds HUF only in multiples of 100 minor units',
      }),
      format,
    );
    expect(failure).toEqual({
      message: 'stripe refunds HUF only in multiples of 100 minor units',
      retry: false,
      refundable: null,
      stale: false,
      chooseAgain: false,
    });
  });

  it('when a 422 comes without the refundable amount, then it still asks to choose again', () => {
    expect(refundFailure(apiError({ status: 422, code: 'amount_exceeds_refundable' }), format)).toMatchObject({
      message:
        'Less than that can be refunded now: the payment changed since this page was read. Choose the amount again.',
      refundable: null,
      chooseAgain: true,
    });
  });
});
