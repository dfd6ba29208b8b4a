import {
  decideDisputeChange,
  isOpenChargeback,
  isOpenDispute,
  DISPUTE_STATES,
} from '../../../src/domain/disputes/dispute-state-machine';

const t0 = new Date('2026-12-01T10:00:00Z');
const later = new Date('2026-12-01T11:00:00Z');
const earlier = new Date('2026-12-01T09:00:00Z');

describe('dispute state machine', () => {
  it('when an inquiry escalates into a chargeback, then the change applies', () => {
    expect(decideDisputeChange({ status: 'inquiry', updatedAt: t0 }, 'needs_response', later).outcome).toBe('apply');
  });

  it('when a won dispute is reported open again by an older event, then it is refused', () => {
    expect(decideDisputeChange({ status: 'won', updatedAt: t0 }, 'needs_response', earlier).outcome).toBe('illegal');
  });

  it('when an under_review event is older than the needs_response applied, then it is stale', () => {
    expect(decideDisputeChange({ status: 'needs_response', updatedAt: t0 }, 'under_review', earlier).outcome).toBe(
      'stale',
    );
  });

  it('when a dispute is won, lost or an inquiry closed, then it is final', () => {
    for (const final of ['won', 'lost', 'inquiry_closed'] as const) {
      expect(isOpenDispute(final)).toBe(false);
      for (const to of DISPUTE_STATES.filter((s) => s !== final)) {
        expect(decideDisputeChange({ status: final, updatedAt: t0 }, to, later).outcome).toBe('illegal');
      }
    }
  });

  it('when asked which states hold money, then only open chargebacks do (inquiries move none)', () => {
    expect(DISPUTE_STATES.filter(isOpenChargeback)).toEqual(['needs_response', 'under_review']);
  });
});
