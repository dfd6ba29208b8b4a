import {
  CRASHED_CHECKOUT_AFTER_SECONDS,
  LAPSE_GRACE_SECONDS,
  decideCheckoutFollowUp,
  isUnpaidCheckout,
  type CheckoutFacts,
} from '../../../src/domain/payments/checkout-follow-up';
import { checkoutLifetime, stripeSessionExpiry } from '../../../src/domain/payments/checkout-lifetime';
import { PAYMENT_STATUSES } from '../../../src/domain/payments/payment-status';
import { checkoutSessionParams } from '../../../src/providers/stripe/stripe-checkout';
import { checkoutRequest } from '../../support/checkout-request';

const startedAt = new Date('2026-12-01T10:00:00Z');
const hours = (n: number) => new Date(startedAt.getTime() + n * 3600_000);
const minutes = (n: number) => new Date(startedAt.getTime() + n * 60_000);

function facts(overrides: Partial<CheckoutFacts> = {}): CheckoutFacts {
  return { provider: 'stripe', status: 'pending', createdAt: startedAt, hasProviderRef: true, ...overrides };
}

describe('checkout lifetime', () => {
  it('when a Stripe checkout starts, then it is payable until the expires_at its session was created with', () => {
    const params = checkoutSessionParams(checkoutRequest({ startedAt }), new Date(startedAt.getTime() + 800));
    const { payableUntil } = checkoutLifetime('stripe', startedAt);
    expect(payableUntil.getTime() / 1000).toBe(params.expires_at);
    expect(payableUntil).toEqual(hours(23));
  });

  it('when a Stripe checkout is resent before it may no longer be, then the resent call asks for the same expiry', () => {
    const { resumableUntil } = checkoutLifetime('stripe', startedAt);
    const first = stripeSessionExpiry(startedAt, startedAt);
    expect(stripeSessionExpiry(startedAt, new Date(resumableUntil.getTime() - 1000))).toBe(first);
    // A moment later Stripe's earliest allowed expiry is past ours: the parameters would differ.
    expect(stripeSessionExpiry(startedAt, new Date(resumableUntil.getTime() + 60_000))).not.toBe(first);
  });

  it('when a PayPal order starts, then it is payable for its approval window plus the time to capture an approval, and resumable while PayPal keeps its request id', () => {
    expect(checkoutLifetime('paypal', startedAt)).toEqual({ payableUntil: hours(6), resumableUntil: hours(6) });
  });
});

describe('what reconciliation does with a checkout', () => {
  it('when a pending or declined checkout is still within its lifetime, then the provider is asked', () => {
    expect(decideCheckoutFollowUp(facts(), hours(1))).toEqual({ action: 'ask' });
    expect(decideCheckoutFollowUp(facts({ status: 'failed' }), hours(22))).toEqual({ action: 'ask' });
    expect(decideCheckoutFollowUp(facts({ provider: 'paypal', status: 'failed' }), hours(5))).toEqual({
      action: 'ask',
    });
  });

  it('when its lifetime and the grace after it have passed, then it is asked a last time, to be abandoned if still unpaid', () => {
    const lapse = checkoutLifetime('stripe', startedAt).payableUntil;
    const graceOver = new Date(lapse.getTime() + LAPSE_GRACE_SECONDS * 1000);
    expect(decideCheckoutFollowUp(facts(), new Date(graceOver.getTime() - 1000))).toEqual({ action: 'ask' });
    expect(decideCheckoutFollowUp(facts(), graceOver)).toEqual({ action: 'last_ask', lapsedAt: lapse });
    expect(decideCheckoutFollowUp(facts({ status: 'failed', provider: 'paypal' }), hours(7))).toEqual({
      action: 'last_ask',
      lapsedAt: hours(6),
    });
  });

  it('when money is on its way (processing), then it is asked about whatever its age', () => {
    expect(decideCheckoutFollowUp(facts({ status: 'processing' }), hours(24 * 9))).toEqual({ action: 'ask' });
  });

  it('when the checkout is settled, canceled or waiting for an admin, then nothing is asked', () => {
    for (const status of ['completed', 'canceled', 'requires_review'] as const) {
      expect(decideCheckoutFollowUp(facts({ status }), hours(1))).toEqual({ action: 'none' });
    }
  });

  it('when a pending checkout has no provider checkout, then it is left to its request at first, resumed after that, and abandoned once the key may no longer be honoured', () => {
    const crashed = facts({ hasProviderRef: false });
    expect(decideCheckoutFollowUp(crashed, minutes(1))).toEqual({ action: 'none' });
    expect(
      decideCheckoutFollowUp(crashed, new Date(startedAt.getTime() + CRASHED_CHECKOUT_AFTER_SECONDS * 1000)),
    ).toEqual({ action: 'resume' });
    expect(decideCheckoutFollowUp(crashed, hours(22))).toEqual({ action: 'resume' });
    const { resumableUntil } = checkoutLifetime('stripe', startedAt);
    expect(decideCheckoutFollowUp(crashed, resumableUntil)).toEqual({ action: 'abandon', lapsedAt: resumableUntil });
    expect(decideCheckoutFollowUp({ ...crashed, provider: 'paypal' }, hours(5))).toEqual({ action: 'resume' });
    expect(decideCheckoutFollowUp({ ...crashed, provider: 'paypal' }, hours(6))).toEqual({
      action: 'abandon',
      lapsedAt: hours(6),
    });
  });

  it('when a declined checkout never got a provider checkout (refused when created), then nothing is asked or resent', () => {
    expect(decideCheckoutFollowUp(facts({ status: 'failed', hasProviderRef: false }), hours(1))).toEqual({
      action: 'none',
    });
  });

  it('when the last answer leaves it pending or declined, then it took no money and is given up; any other status is not', () => {
    expect(PAYMENT_STATUSES.filter(isUnpaidCheckout)).toEqual(['pending', 'failed']);
  });
});
