import type { DomainEvent } from '../../../src/domain/events/domain-event';
import { money } from '../../../src/domain/money';
import {
  claimedState,
  decideDrift,
  failureDetail,
  type CheckObservation,
} from '../../../src/services/reconciliation/drift-decision';

const at = new Date('2026-12-01T10:00:00Z');

function observation(overrides: Partial<CheckObservation>): CheckObservation {
  return {
    subject: 'payment',
    subjectId: '00000000-0000-4000-8000-000000000001',
    paymentId: '00000000-0000-4000-8000-000000000001',
    provider: 'stripe',
    before: 'pending',
    after: 'pending',
    providerState: null,
    outcomes: [],
    ...overrides,
  };
}

describe('drift decision', () => {
  it('when the answer changed nothing and the states agree, then there is no drift', () => {
    expect(
      decideDrift(
        observation({
          before: 'completed',
          after: 'completed',
          providerState: 'completed',
          outcomes: [{ kind: 'PaymentSucceeded', outcome: 'noop' }],
        }),
      ),
    ).toEqual({ kind: 'in_sync' });
    expect(decideDrift(observation({ outcomes: [] }))).toEqual({ kind: 'in_sync' });
  });

  it('when a lost webhook left a paid checkout pending, then applying the answer heals it', () => {
    expect(
      decideDrift(
        observation({
          after: 'completed',
          providerState: 'completed',
          outcomes: [{ kind: 'PaymentSucceeded', outcome: 'applied' }],
        }),
      ),
    ).toEqual({ kind: 'drift', healed: true, detail: 'Stripe says the payment completed; we had it pending' });
  });

  it('when the refund succeeded at the provider, then the line says so in the words of both sides', () => {
    const decision = decideDrift(
      observation({
        subject: 'refund',
        provider: 'paypal',
        after: 'succeeded',
        providerState: 'succeeded',
        outcomes: [{ kind: 'RefundUpdated', outcome: 'applied' }],
      }),
    );
    expect(decision).toEqual({
      kind: 'drift',
      healed: true,
      detail: 'PayPal says the refund succeeded; we had it pending',
    });
  });

  it('when the state moved but not to what the provider says, then it is a drift that did not heal', () => {
    const decision = decideDrift(
      observation({
        after: 'requires_review',
        providerState: 'completed',
        outcomes: [{ kind: 'PaymentSucceeded', outcome: 'applied' }],
      }),
    );
    expect(decision).toEqual({
      kind: 'drift',
      healed: false,
      detail: 'Stripe says the payment completed; applying it moved ours from pending to requires review',
    });
  });

  it('when the state machine refuses what the provider says, then it is an unhealed drift with both states', () => {
    const decision = decideDrift(
      observation({
        subject: 'dispute',
        before: 'needs_response',
        after: 'needs_response',
        providerState: 'inquiry',
        outcomes: [{ kind: 'DisputeUpdated', outcome: 'illegal' }],
      }),
    );
    expect(decision).toEqual({
      kind: 'drift',
      healed: false,
      detail: 'Stripe says the dispute is inquiry; we have it needs response and cannot move it there',
    });
  });

  it('when an answer is only older than what we have (stale), then it is no drift', () => {
    expect(
      decideDrift(
        observation({
          subject: 'subscription',
          before: 'active',
          after: 'active',
          providerState: 'past_due',
          outcomes: [{ kind: 'SubscriptionChanged', outcome: 'stale' }],
        }),
      ),
    ).toEqual({ kind: 'in_sync' });
  });

  it('when the answer recorded something without moving the state, then it healed and names what was missed', () => {
    const decision = decideDrift(
      observation({
        subject: 'subscription',
        before: 'active',
        after: 'active',
        providerState: 'active',
        outcomes: [
          { kind: 'SubscriptionChanged', outcome: 'noop' },
          { kind: 'SubscriptionPaymentSucceeded', outcome: 'applied' },
        ],
      }),
    );
    expect(decision).toEqual({
      kind: 'drift',
      healed: true,
      detail: 'Stripe reported what we had missed (a paid billing cycle); the subscription stays active',
    });
  });

  it('when the provider has a refund we had no record of, then it is recorded and the line gives its amount', () => {
    const decision = decideDrift(
      observation({
        subject: 'refund',
        before: null,
        after: 'succeeded',
        providerState: 'succeeded',
        outcomes: [{ kind: 'RefundUpdated', outcome: 'applied' }],
        amount: money(1250, 'EUR'),
      }),
    );
    expect(decision).toEqual({
      kind: 'drift',
      healed: true,
      detail: 'Stripe reports a refund of €12.50 (succeeded) we had no record of; recorded',
    });
  });

  it('when the answer names no state (a refund sent again), then a move counts as healed', () => {
    expect(
      decideDrift(
        observation({
          subject: 'refund',
          after: 'succeeded',
          outcomes: [{ kind: 'RefundUpdated', outcome: 'applied' }],
        }),
      ),
    ).toEqual({ kind: 'drift', healed: true, detail: "Stripe's answer moved the refund from pending to succeeded" });
  });

  it('when a check fails, then the line names the provider, the subject and the error', () => {
    expect(failureDetail('refund', 'paypal', 'connect ECONNREFUSED')).toBe(
      'Could not ask PayPal about the refund: connect ECONNREFUSED',
    );
  });
});

describe('claimed state', () => {
  const ref = { paymentId: 'p' };
  const events: DomainEvent[] = [
    { kind: 'PaymentApproved', provider: 'paypal', occurredAt: at, ref },
    { kind: 'PaymentSucceeded', provider: 'paypal', occurredAt: at, ref, amount: money(100, 'USD') },
    {
      kind: 'RefundUpdated',
      provider: 'paypal',
      occurredAt: at,
      ref,
      providerRefundId: 're_1',
      amount: money(100, 'USD'),
      status: 'failed',
    },
    {
      kind: 'RefundUpdated',
      provider: 'paypal',
      occurredAt: at,
      ref,
      providerRefundId: 're_2',
      amount: money(100, 'USD'),
      status: 'succeeded',
    },
  ];

  it('when an approval was captured, then the capture result is what the provider says of the payment', () => {
    expect(claimedState('payment', events)).toBe('completed');
  });

  it('when the answer lists several refunds, then the one asked about is picked by its provider id', () => {
    expect(claimedState('refund', events, 're_1')).toBe('failed');
    expect(claimedState('refund', events, 're_2')).toBe('succeeded');
  });

  it('when the answer says nothing about the subject, then the claim is null', () => {
    expect(claimedState('dispute', events)).toBeNull();
    expect(claimedState('subscription', events)).toBeNull();
  });
});

describe('what reconciliation did itself', () => {
  it('when a crashed checkout was resumed, then the line names the checkout recorded, as healed', () => {
    expect(decideDrift(observation({ action: { kind: 'resumed', providerSessionId: 'cs_test_resumed' } }))).toEqual({
      kind: 'drift',
      healed: true,
      detail:
        "The Stripe checkout's request died before its checkout was stored; sent again with its key, cs_test_resumed is recorded",
    });
  });

  it('when a lapsed checkout was abandoned, then the line says when it lapsed and whether the provider closed it too', () => {
    const lapsedAt = new Date('2026-12-01T09:00:00Z');
    const abandoned = (provider: 'stripe' | 'paypal', closedAtProvider: boolean, known = true) =>
      decideDrift(
        observation({
          provider,
          after: 'canceled',
          outcomes: [{ kind: 'PaymentCanceled', outcome: 'applied' }],
          action: { kind: 'abandoned', lapsedAt, known, closedAtProvider },
        }),
      );
    expect(abandoned('stripe', true)).toEqual({
      kind: 'drift',
      healed: true,
      detail:
        'The Stripe checkout lapsed unpaid at 2026-12-01T09:00:00.000Z; canceled as abandoned (closed at Stripe too)',
    });
    expect(abandoned('paypal', false)).toMatchObject({
      detail:
        'The PayPal checkout lapsed unpaid at 2026-12-01T09:00:00.000Z; canceled as abandoned (PayPal cannot close it, it lapses there on its own)',
    });
    expect(abandoned('stripe', false, false)).toMatchObject({
      detail:
        "The Stripe checkout's request died before its checkout was stored and can no longer be resumed (since 2026-12-01T09:00:00.000Z); canceled as abandoned",
    });
  });
});
