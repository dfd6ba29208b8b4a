import { AdminWebhookEvent } from '../admin-models';

/** For specs: a processed Stripe checkout event, unless overridden. */
export function aWebhookEvent(overrides: Partial<AdminWebhookEvent> = {}): AdminWebhookEvent {
  return {
    id: 'e1',
    provider: 'stripe',
    eventId: 'evt_1',
    type: 'checkout.session.completed',
    status: 'processed',
    attempts: 1,
    lastError: null,
    receivedAt: '2026-03-01T10:00:00.000Z',
    processedAt: '2026-03-01T10:00:01.000Z',
    providerCreatedAt: '2026-03-01T09:59:59.000Z',
    subjects: ['p1', 'cs_test_1'],
    payload: { id: 'evt_1', type: 'checkout.session.completed', data: { object: { id: 'cs_test_1' } } },
    ...overrides,
  };
}
