import type { DomainEvent } from '../../../src/domain/events/domain-event';
import { eventSubjects, MAX_EVENT_SUBJECTS, MAX_SUBJECT_LENGTH } from '../../../src/domain/events/event-subjects';
import { money } from '../../../src/domain/money';

const occurredAt = new Date('2026-03-01T10:00:00Z');
const base = { provider: 'stripe' as const, occurredAt };

describe('event subjects', () => {
  it('when a payment succeeds, then our payment id, the session and the payment intent are its subjects', () => {
    const events: DomainEvent[] = [
      {
        ...base,
        kind: 'PaymentSucceeded',
        ref: { paymentId: 'pay-1', providerSessionId: 'cs_1', providerPaymentId: 'pi_1' },
        amount: money(4500, 'EUR'),
      },
    ];
    expect(eventSubjects(events)).toEqual(['pay-1', 'cs_1', 'pi_1']);
  });

  it('when several events name the same ids, then each id is listed once, in the order first named', () => {
    const events: DomainEvent[] = [
      { ...base, kind: 'PaymentProcessing', ref: { providerPaymentId: 'pi_1' } },
      {
        ...base,
        kind: 'RefundUpdated',
        ref: { paymentId: 'pay-1', providerPaymentId: 'pi_1' },
        providerRefundId: 're_1',
        refundId: 'ref-1',
        amount: money(500, 'EUR'),
        status: 'succeeded',
      },
      {
        ...base,
        kind: 'RefundUpdated',
        ref: { providerPaymentId: 'pi_1' },
        providerRefundId: 're_2',
        amount: money(500, 'EUR'),
        status: 'pending',
      },
    ];
    expect(eventSubjects(events)).toEqual(['pi_1', 'pay-1', 'ref-1', 're_1', 're_2']);
  });

  it('when disputes and reversals arrive, then their provider ids are subjects beside the payment refs', () => {
    const events: DomainEvent[] = [
      {
        ...base,
        kind: 'DisputeUpdated',
        ref: { providerPaymentId: 'pi_9' },
        providerDisputeId: 'dp_1',
        amount: money(100, 'USD'),
        reason: 'fraudulent',
        status: 'needs_response',
      },
      {
        ...base,
        provider: 'paypal',
        kind: 'PaymentReversed',
        ref: { paymentId: 'pay-9' },
        providerReversalId: 'CAP-9',
        amount: money(100, 'USD'),
      },
    ];
    expect(eventSubjects(events)).toEqual(['pi_9', 'dp_1', 'pay-9', 'CAP-9']);
  });

  it('when subscription events arrive, then our subscription id, the provider subscription and the invoice are subjects', () => {
    const events: DomainEvent[] = [
      {
        ...base,
        kind: 'SubscriptionChanged',
        ref: { subscriptionId: 'sub-ours', providerSubscriptionId: 'sub_1' },
        status: 'active',
      },
      {
        ...base,
        kind: 'SubscriptionPaymentSucceeded',
        ref: { providerSubscriptionId: 'sub_1' },
        providerInvoiceId: 'in_1',
        providerPaymentId: 'pi_2',
        amount: money(1900, 'USD'),
      },
      {
        ...base,
        kind: 'SubscriptionPaymentFailed',
        ref: {},
        providerInvoiceId: 'in_2',
        failureCode: 'card_declined',
        failureReason: 'declined',
      },
    ];
    expect(eventSubjects(events)).toEqual(['sub-ours', 'sub_1', 'in_1', 'pi_2', 'in_2']);
  });

  it('when saved methods change, then the customer and the method are subjects (a cleared default names no method)', () => {
    const events: DomainEvent[] = [
      {
        ...base,
        kind: 'PaymentMethodAttached',
        ref: { providerCustomerId: 'cus_1' },
        method: { providerPaymentMethodId: 'pm_1', type: 'card' },
      },
      { ...base, kind: 'PaymentMethodDetached', providerPaymentMethodId: 'pm_2' },
      {
        ...base,
        kind: 'DefaultPaymentMethodChanged',
        ref: { providerCustomerId: 'cus_2' },
        providerPaymentMethodId: null,
      },
      { ...base, kind: 'PaymentMethodSaved', ref: { providerCustomerId: 'cus_1' }, providerPaymentMethodId: 'pm_3' },
    ];
    expect(eventSubjects(events)).toEqual(['cus_1', 'pm_1', 'pm_2', 'cus_2', 'pm_3']);
  });

  it('when an event names nothing, or there are no events, then there are no subjects', () => {
    expect(eventSubjects([])).toEqual([]);
    expect(eventSubjects([{ ...base, kind: 'PaymentApproved', ref: {} }])).toEqual([]);
  });

  it('when ids are empty or longer than a column holds, then they are left out', () => {
    const long = 'x'.repeat(MAX_SUBJECT_LENGTH + 1);
    const fits = 'y'.repeat(MAX_SUBJECT_LENGTH);
    const events: DomainEvent[] = [
      {
        ...base,
        kind: 'PaymentCanceled',
        ref: { paymentId: '', providerSessionId: long, providerPaymentId: fits },
        reason: 'expired',
      },
    ];
    expect(eventSubjects(events)).toEqual([fits]);
  });

  it('when a refund list names more ids than the bound, then the first ones are kept and no more', () => {
    const events: DomainEvent[] = Array.from({ length: 40 }, (_, i) => ({
      ...base,
      kind: 'RefundUpdated' as const,
      ref: { paymentId: 'pay-1', providerPaymentId: 'pi_1' },
      providerRefundId: `re_${i}`,
      amount: money(1, 'EUR'),
      status: 'succeeded' as const,
    }));
    const subjects = eventSubjects(events);
    expect(subjects).toHaveLength(MAX_EVENT_SUBJECTS);
    expect(subjects.slice(0, 4)).toEqual(['pay-1', 'pi_1', 're_0', 're_1']);
    expect(new Set(subjects).size).toBe(subjects.length);
  });
});
