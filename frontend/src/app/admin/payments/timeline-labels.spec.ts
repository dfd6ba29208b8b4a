import { aTimelineEntry } from '../../testing/admin-fixtures';
import { actorLabel, inboxQuery, statusLabel } from './timeline-labels';

describe('timeline labels', () => {
  it('when an actor is an admin or a student, then it is named with the email', () => {
    expect(actorLabel({ kind: 'admin', userId: 'a1', email: 'admin@example.com' })).toBe('Admin · admin@example.com');
    expect(actorLabel({ kind: 'user', userId: 'u1', email: 'student@example.com' })).toBe(
      'Student · student@example.com',
    );
  });

  it('when an actor is a webhook, the reconciliation or something new, then it is named without an email', () => {
    expect(actorLabel({ kind: 'webhook:stripe', userId: null, email: null })).toBe('Stripe webhook');
    expect(actorLabel({ kind: 'webhook:paypal', userId: null, email: null })).toBe('PayPal webhook');
    expect(actorLabel({ kind: 'reconciliation', userId: null, email: null })).toBe('Reconciliation');
    expect(actorLabel({ kind: 'job:invoices', userId: null, email: null })).toBe('job:invoices');
  });

  it('when a status has underscores, then it reads as words', () => {
    expect(statusLabel('requires_action')).toBe('requires action');
  });

  it("when a provider event has the provider's event id, then the inbox is filtered on it, else on its type", () => {
    expect(inboxQuery(aTimelineEntry({ kind: 'provider_event', data: { eventId: 'evt_1' } }))).toEqual({
      eventId: 'evt_1',
    });
    expect(inboxQuery(aTimelineEntry({ kind: 'provider_event', title: 'charge.refunded', data: {} }))).toEqual({
      type: 'charge.refunded',
    });
  });
});
