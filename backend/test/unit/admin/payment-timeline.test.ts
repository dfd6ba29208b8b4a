import { money } from '../../../src/domain/money';
import type { AuditRecord, InboxEntry } from '../../../src/repositories/admin-payment-query.repository';
import type { DisputeRecord } from '../../../src/repositories/dispute.repository';
import type { DocumentRecord } from '../../../src/repositories/invoice.repository';
import type { RefundRecord } from '../../../src/repositories/refund.repository';
import { paymentTimeline, timelineKindOf, type TimelineFacts } from '../../../src/services/admin/payment-timeline';

const at = (seconds: number) => new Date(Date.UTC(2026, 2, 1, 10, 0, seconds));
const PAYMENT_ID = '11111111-1111-4111-8111-111111111111';
const REFUND_ID = '22222222-2222-4222-8222-222222222222';
const DISPUTE_ID = '33333333-3333-4333-8333-333333333333';

function facts(overrides: Partial<TimelineFacts> = {}): TimelineFacts {
  return {
    payment: {
      id: PAYMENT_ID,
      kind: 'course',
      provider: 'stripe',
      amount: money(4500, 'EUR'),
      createdAt: at(0),
      user: { id: 'student-1', email: 'student@example.test' },
    },
    inbox: [],
    audit: [],
    refunds: [],
    disputes: [],
    documents: [],
    grant: null,
    ...overrides,
  };
}

let auditSeq = 0;
function audit(action: string, seconds: number, over: Partial<AuditRecord> = {}): AuditRecord {
  auditSeq += 1;
  return {
    id: String(auditSeq),
    actor: 'webhook:stripe',
    actorUserId: null,
    actorEmail: null,
    action,
    entityType: action.split('.')[0]!,
    entityId: PAYMENT_ID,
    data: {},
    createdAt: at(seconds),
    ...over,
  };
}

function inbox(type: string, seconds: number, over: Partial<InboxEntry> = {}): InboxEntry {
  return {
    id: `row-${type}`,
    provider: 'stripe',
    eventId: `evt_${type}`,
    type,
    status: 'processed',
    attempts: 1,
    lastError: null,
    receivedAt: at(seconds),
    providerCreatedAt: at(seconds - 1),
    ...over,
  };
}

function refund(over: Partial<RefundRecord> = {}): RefundRecord {
  return {
    id: REFUND_ID,
    paymentId: PAYMENT_ID,
    provider: 'stripe',
    providerRefundId: 're_1',
    amount: money(500, 'EUR'),
    status: 'succeeded',
    origin: 'admin',
    reason: null,
    failureReason: null,
    idempotencyKey: `refund:${PAYMENT_ID}:1`,
    requestKey: null,
    requestedBy: null,
    providerUpdatedAt: at(20),
    createdAt: at(20),
    updatedAt: at(21),
    ...over,
  };
}

function document(over: Partial<DocumentRecord> = {}): DocumentRecord {
  return {
    id: 'doc-1',
    kind: 'invoice',
    number: 'INV-2026-000001',
    userId: 'student-1',
    paymentId: PAYMENT_ID,
    refundId: null,
    amount: 4500,
    currency: 'EUR',
    issuedAt: at(15),
    issuedAtText: null,
    seq: '1',
    hasPdf: true,
    ...over,
  };
}

describe('payment timeline', () => {
  it('when facts come in any order, then the timeline is oldest first with the checkout at the start', () => {
    const timeline = paymentTimeline(
      facts({
        documents: [document()],
        audit: [audit('payment.completed', 10, { data: { from: 'pending' } })],
        inbox: [inbox('checkout.session.completed', 10), inbox('payment_intent.created', 2)],
      }),
    );
    expect(timeline.map((e) => [e.kind, e.title])).toEqual([
      ['checkout', 'Checkout of €45.00 started with Stripe'],
      ['provider_event', 'payment_intent.created'],
      ['provider_event', 'checkout.session.completed'],
      ['state_change', 'Payment completed'],
      ['document', 'Invoice INV-2026-000001 issued'],
    ]);
  });

  it('when entries share an instant (one transaction), then the cause comes first: event, change, refund, access', () => {
    const timeline = paymentTimeline(
      facts({
        audit: [
          audit('enrollment.revoked', 30, {
            entityType: 'enrollment',
            entityId: 'enr-1',
            data: { from: 'active', cause: `refund:${REFUND_ID}` },
          }),
          audit('refund.succeeded', 30, { entityType: 'refund', entityId: REFUND_ID }),
          audit('payment.completed', 30),
        ],
        inbox: [inbox('charge.refunded', 30)],
        refunds: [refund()],
        grant: { id: 'enr-1', status: 'revoked', createdAt: at(30) },
      }),
    );
    expect(timeline.slice(1).map((e) => [e.kind, e.status])).toEqual([
      ['provider_event', 'processed'],
      ['state_change', 'completed'],
      ['refund', 'succeeded'],
      ['access', 'revoked'],
      ['access', 'active'],
    ]);
  });

  it('when audit actions are read, then their family names the kind and anything unknown is a plain audit entry', () => {
    expect(timelineKindOf('payment.requires_review')).toBe('state_change');
    expect(timelineKindOf('payment.transition_refused')).toBe('state_change');
    expect(timelineKindOf('refund.duplicate_purchase')).toBe('refund');
    expect(timelineKindOf('dispute.lost')).toBe('dispute');
    expect(timelineKindOf('enrollment.suspended')).toBe('access');
    expect(timelineKindOf('review.accepted')).toBe('audit');
    expect(timelineKindOf('webhook_event.replayed')).toBe('audit');
    expect(timelineKindOf('nothing')).toBe('audit');
  });

  it('when an admin asks for a refund, then the entry names the amount, the admin and links the refund', () => {
    const [, requested] = paymentTimeline(
      facts({
        refunds: [refund({ status: 'pending' })],
        audit: [
          audit('refund.requested', 20, {
            actor: 'admin',
            actorUserId: 'admin-1',
            actorEmail: 'admin@example.test',
            entityType: 'refund',
            entityId: REFUND_ID,
            data: { paymentId: PAYMENT_ID, amount: 500, currency: 'EUR', reason: 'goodwill' },
          }),
        ],
      }),
    );
    expect(requested).toEqual({
      at: at(20).toISOString(),
      kind: 'refund',
      title: 'Refund of €5.00 requested',
      actor: { kind: 'admin', userId: 'admin-1', email: 'admin@example.test' },
      amount: money(500, 'EUR'),
      status: 'pending',
      data: { action: 'refund.requested', paymentId: PAYMENT_ID, amount: 500, currency: 'EUR', reason: 'goodwill' },
      links: { refundId: REFUND_ID },
    });
  });

  it('when an audit entry carries no amount, then the refund or dispute row gives it, in the currency\u2019s own decimals', () => {
    const yen = money(7500, 'JPY');
    const dispute: DisputeRecord = {
      id: DISPUTE_ID,
      paymentId: PAYMENT_ID,
      provider: 'stripe',
      providerDisputeId: 'dp_1',
      amount: yen,
      reason: 'fraudulent',
      status: 'lost',
      fundsWithdrawn: true,
      providerUpdatedAt: at(40),
      openedAt: at(30),
      closedAt: at(40),
    };
    const timeline = paymentTimeline(
      facts({
        payment: { ...facts().payment, amount: yen },
        refunds: [refund({ amount: money(1000, 'JPY') })],
        disputes: [dispute],
        audit: [
          audit('refund.submitted', 21, { entityType: 'refund', entityId: REFUND_ID, data: { outcome: 'succeeded' } }),
          audit('dispute.lost', 40, { entityType: 'dispute', entityId: DISPUTE_ID, data: { from: 'needs_response' } }),
          audit('dispute.updated', 41, { entityType: 'dispute', entityId: DISPUTE_ID, data: { fundsWithdrawn: true } }),
        ],
      }),
    );
    expect(timeline.map((e) => e.title)).toEqual([
      'Checkout of ¥7,500 started with Stripe',
      'Refund of ¥1,000 sent to Stripe: succeeded',
      'Dispute of ¥7,500 lost',
      'Dispute updated (funds withdrawn)',
    ]);
    expect(timeline[2]).toMatchObject({ status: 'lost', amount: yen, links: { disputeId: DISPUTE_ID } });
  });

  it('when a move is refused or access comes back, then the entry says so', () => {
    const timeline = paymentTimeline(
      facts({
        audit: [
          audit('payment.transition_refused', 5, { data: { from: 'canceled', to: 'requires_review' } }),
          audit('enrollment.active', 6, {
            entityType: 'enrollment',
            entityId: 'enr-1',
            data: { from: 'suspended', cause: `dispute:${DISPUTE_ID}`, paymentId: PAYMENT_ID },
          }),
          audit('review.accepted', 7, { actor: 'admin', data: { note: 'checked with the bank' } }),
        ],
      }),
    );
    expect(timeline.slice(1).map((e) => [e.kind, e.title, e.status])).toEqual([
      ['state_change', 'Move from canceled to requires review refused', 'refused'],
      ['access', 'Access restored (dispute)', 'active'],
      ['audit', 'review.accepted', null],
    ]);
    expect(timeline[3]!.data).toEqual({ action: 'review.accepted', note: 'checked with the bank' });
  });

  it('when documents are issued, then each links its PDF, a credit note with its negative total and its refund', () => {
    const timeline = paymentTimeline(
      facts({
        documents: [
          document(),
          document({
            id: 'doc-2',
            kind: 'credit_note',
            number: 'CN-2026-000001',
            refundId: REFUND_ID,
            amount: -500,
            issuedAt: at(25),
          }),
          document({ id: 'doc-3', kind: 'credit_note', number: null, issuedAt: null, refundId: 'other', amount: -100 }),
        ],
        refunds: [refund()],
        audit: [audit('refund.succeeded', 21, { entityType: 'refund', entityId: REFUND_ID })],
      }),
    );
    const documents = timeline.filter((e) => e.kind === 'document');
    expect(documents).toHaveLength(2);
    expect(documents[1]).toEqual({
      at: at(25).toISOString(),
      kind: 'document',
      title: 'Credit note CN-2026-000001 issued',
      actor: { kind: 'system', userId: null, email: null },
      amount: { amount: -500, currency: 'EUR' },
      status: 'issued',
      data: { number: 'CN-2026-000001', kind: 'credit_note', refundId: REFUND_ID },
      links: { documentId: 'doc-2', downloadUrl: '/api/invoices/documents/doc-2', refundId: REFUND_ID },
    });
  });

  it('when a refund has no audit entry at all, then its row still shows; an audited one is not shown twice', () => {
    const other = '44444444-4444-4444-8444-444444444444';
    const timeline = paymentTimeline(
      facts({
        refunds: [refund(), refund({ id: other, amount: money(700, 'EUR'), status: 'pending', createdAt: at(50) })],
        audit: [audit('refund.succeeded', 21, { entityType: 'refund', entityId: REFUND_ID })],
      }),
    );
    expect(timeline.filter((e) => e.kind === 'refund').map((e) => [e.title, e.links.refundId])).toEqual([
      ['Refund of €5.00 succeeded', REFUND_ID],
      ['Refund of €7.00 pending', other],
    ]);
  });

  it('when a provider event is shown, then it links the inbox row and keeps its id, attempts and error, not its payload', () => {
    const [, event] = paymentTimeline(
      facts({ inbox: [inbox('charge.refunded', 9, { status: 'failed', attempts: 8, lastError: 'boom' })] }),
    );
    expect(event).toEqual({
      at: at(9).toISOString(),
      kind: 'provider_event',
      title: 'charge.refunded',
      actor: { kind: 'webhook:stripe', userId: null, email: null },
      amount: null,
      status: 'failed',
      data: {
        eventId: 'evt_charge.refunded',
        provider: 'stripe',
        attempts: 8,
        lastError: 'boom',
        providerCreatedAt: at(8).toISOString(),
      },
      links: { webhookEventId: 'row-charge.refunded' },
    });
  });
});
