import { money } from '../../../src/domain/money';
import { paymentLabel } from '../../../src/domain/payments/payment-label';
import { refundBalance, type DisputeFact, type RefundFact } from '../../../src/domain/refunds/refund-balance';
import { decideRefundRequest } from '../../../src/domain/refunds/refund-request';

const paid = money(10_000, 'EUR');
const refund = (id: string, amount: number, status: RefundFact['status']): RefundFact => ({
  id,
  amount: money(amount, 'EUR'),
  status,
});
const dispute = (id: string, amount: number, status: DisputeFact['status']): DisputeFact => ({
  id,
  amount: money(amount, 'EUR'),
  status,
});

describe('refund balance', () => {
  it('when refunds are succeeded, pending and failed, then failed ones give their amount back', () => {
    const balance = refundBalance(
      paid,
      [refund('a', 2_000, 'succeeded'), refund('b', 3_000, 'pending'), refund('c', 4_000, 'failed')],
      [],
    );
    expect(balance.refunded).toEqual(money(2_000, 'EUR'));
    expect(balance.reserved).toEqual(money(3_000, 'EUR'));
    expect(balance.refundable).toEqual(money(5_000, 'EUR'));
  });

  it('when a chargeback is lost, then its amount is gone and not refundable', () => {
    const balance = refundBalance(paid, [], [dispute('d', 10_000, 'lost')]);
    expect(balance.lostToDisputes).toEqual(paid);
    expect(balance.refundable.amount).toBe(0);
  });

  it('when a refund is in another currency than the payment, then it is refused loudly', () => {
    expect(() => refundBalance(paid, [{ id: 'x', amount: money(1, 'USD'), status: 'succeeded' }], [])).toThrow(
      /USD amount on a EUR payment/,
    );
  });
});

describe('refund request', () => {
  const balance = (refunds: RefundFact[] = [], disputes: DisputeFact[] = []) => refundBalance(paid, refunds, disputes);

  it('when no amount is given, then the whole remainder is refunded', () => {
    const decision = decideRefundRequest({
      provider: 'stripe',
      status: 'completed',
      balance: balance([refund('a', 2_500, 'succeeded')]),
      disputes: [],
    });
    expect(decision).toEqual({ outcome: 'refund', amount: money(7_500, 'EUR') });
  });

  it('when more than the refundable amount is asked, then it is refused with what is left', () => {
    const decision = decideRefundRequest({
      provider: 'stripe',
      status: 'completed',
      balance: balance([refund('a', 9_000, 'pending')]),
      disputes: [],
      requested: 1_001,
    });
    expect(decision).toEqual({ outcome: 'exceeds_refundable', refundable: money(1_000, 'EUR') });
  });

  it('when the payment is not completed, then it is not refundable', () => {
    expect(decideRefundRequest({ provider: 'stripe', status: 'processing', balance: balance(), disputes: [] })).toEqual(
      {
        outcome: 'not_refundable',
        reason: 'not_completed',
      },
    );
  });

  it('when everything was refunded and no amount is given, then nothing is left', () => {
    const decision = decideRefundRequest({
      provider: 'stripe',
      status: 'completed',
      balance: balance([refund('a', 10_000, 'succeeded')]),
      disputes: [],
    });
    expect(decision).toEqual({ outcome: 'not_refundable', reason: 'nothing_left' });
  });

  it("when a partial refund is not a multiple of the provider's step, then it is refused with the step", () => {
    const huf = money(500_000, 'HUF');
    const hufBalance = refundBalance(huf, [], []);
    const ask = (requested: number) =>
      decideRefundRequest({ provider: 'stripe', status: 'completed', balance: hufBalance, disputes: [], requested });
    expect(ask(12_345)).toEqual({ outcome: 'off_provider_step', step: 100 });
    expect(ask(12_300)).toEqual({ outcome: 'refund', amount: money(12_300, 'HUF') });
  });

  it('when a PayPal inquiry is open, then only a full refund is taken; Stripe takes a partial one', () => {
    const disputes = [dispute('i', 10_000, 'inquiry')];
    const ask = (provider: 'stripe' | 'paypal', requested?: number) =>
      decideRefundRequest({ provider, status: 'completed', balance: balance([], disputes), disputes, requested })
        .outcome;
    expect([ask('paypal', 100), ask('paypal'), ask('paypal', 10_000), ask('stripe', 100)]).toEqual([
      'not_refundable',
      'refund',
      'refund',
      'refund',
    ]);
  });

  it('when a chargeback is open, then it is not refundable; an inquiry or a won chargeback blocks nothing', () => {
    const ask = (disputes: DisputeFact[]) =>
      decideRefundRequest({
        provider: 'stripe',
        status: 'completed',
        balance: balance([], disputes),
        disputes,
        requested: 100,
      });
    expect(ask([dispute('d', 10_000, 'needs_response')])).toEqual({
      outcome: 'not_refundable',
      reason: 'under_dispute',
    });
    expect(ask([dispute('i', 10_000, 'inquiry')]).outcome).toBe('refund');
    expect(ask([dispute('w', 10_000, 'won')]).outcome).toBe('refund');
  });
});

describe('payment label', () => {
  const label = (refunds: RefundFact[], disputes: DisputeFact[] = []) =>
    paymentLabel('completed', refundBalance(paid, refunds, disputes), disputes);

  it('when refunds add up, then the label says partially refunded, then refunded', () => {
    expect(label([refund('a', 1, 'succeeded')])).toBe('partially_refunded');
    expect(label([refund('a', 4_000, 'succeeded'), refund('b', 6_000, 'succeeded')])).toBe('refunded');
    expect(label([refund('a', 10_000, 'pending')])).toBe('completed');
  });

  it('when a dispute is open or lost, then that is the label', () => {
    expect(label([], [dispute('d', 10_000, 'inquiry')])).toBe('disputed');
    expect(label([], [dispute('d', 10_000, 'lost')])).toBe('dispute_lost');
    expect(label([], [dispute('d', 10_000, 'won')])).toBe('completed');
  });

  it('when the checkout did not complete, then the label is its status', () => {
    expect(paymentLabel('failed', refundBalance(paid, [], []), [])).toBe('failed');
  });
});
