import { decidePurchaseAccess, type AccessRules } from '../../../src/domain/entitlements/access-decision';
import { money } from '../../../src/domain/money';
import type { DisputeFact, RefundFact } from '../../../src/domain/refunds/refund-balance';

const paid = money(5_000, 'USD');
const rules: AccessRules = { refundRevokesAccess: 'full', disputeSuspendsAccess: true };
const refund = (id: string, amount: number, status: RefundFact['status']): RefundFact => ({
  id,
  amount: money(amount, 'USD'),
  status,
});
const dispute = (id: string, status: DisputeFact['status'], amount = 5_000): DisputeFact => ({
  id,
  amount: money(amount, 'USD'),
  status,
});
const decide = (refunds: RefundFact[], disputes: DisputeFact[] = [], r: AccessRules = rules) =>
  decidePurchaseAccess(r, { paid, refunds, disputes }, 'trigger:x');

describe('purchase access', () => {
  it('when the payment is fully refunded, then access is revoked by the last refund', () => {
    expect(decide([refund('a', 2_000, 'succeeded'), refund('b', 3_000, 'succeeded')])).toEqual({
      status: 'revoked',
      cause: 'refund:b',
    });
  });

  it('when it is partly refunded, then access stays with rule full and goes with rule any', () => {
    expect(decide([refund('a', 2_000, 'succeeded')]).status).toBe('active');
    expect(decide([refund('a', 2_000, 'succeeded')], [], { ...rules, refundRevokesAccess: 'any' }).status).toBe(
      'revoked',
    );
  });

  it('when rule never is set, then even a full refund keeps access', () => {
    expect(decide([refund('a', 5_000, 'succeeded')], [], { ...rules, refundRevokesAccess: 'never' }).status).toBe(
      'active',
    );
  });

  it('when a full refund fails after succeeding, then access is active again with the trigger as cause', () => {
    expect(decide([refund('a', 5_000, 'failed')])).toEqual({ status: 'active', cause: 'trigger:x' });
  });

  it('when a chargeback is open, then access is suspended; unless the rule is off; an inquiry suspends nothing', () => {
    expect(decide([], [dispute('d', 'needs_response')])).toEqual({ status: 'suspended', cause: 'dispute:d' });
    expect(decide([], [dispute('d', 'under_review')], { ...rules, disputeSuspendsAccess: false }).status).toBe(
      'active',
    );
    expect(decide([], [dispute('i', 'inquiry')]).status).toBe('active');
  });

  it('when the chargeback is won, then access is restored; when lost, then revoked', () => {
    expect(decide([], [dispute('d', 'won')]).status).toBe('active');
    expect(decide([], [dispute('d', 'lost')])).toEqual({ status: 'revoked', cause: 'dispute:d' });
  });

  it('when a partial chargeback is lost after a partial refund, then access is revoked by the dispute', () => {
    expect(decide([refund('a', 3_000, 'succeeded')], [dispute('d', 'lost', 2_000)])).toEqual({
      status: 'revoked',
      cause: 'dispute:d',
    });
  });
});
