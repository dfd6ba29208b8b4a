import type { IncomingHttpHeaders } from 'node:http';
import { eventSubjects } from '../../src/domain/events/event-subjects';
import type { ProviderName } from '../../src/domain/payments/payment-status';
import { DataStore } from '../../src/repositories/data-store';
import { toInboxEvent } from '../../src/services/webhooks/webhook.service';
import type { TestContext } from './test-app';

/**
 * Verifies a delivery and stores it as received without processing it, as the inbox does for a
 * deferred event: the state a crash between storing and processing leaves behind.
 */
export async function storeUnprocessed(
  ctx: TestContext,
  provider: ProviderName,
  rawBody: Buffer,
  headers: IncomingHttpHeaders,
): Promise<{ rowId?: string; outcome: 'deferred' | 'duplicate' }> {
  const webhooks = ctx.providers.get(provider).webhooks;
  const event = await webhooks.verifyWebhook(rawBody, headers);
  const rowId = await new DataStore(ctx.db.dataSource).repos.webhookEvents.insertReceived(
    toInboxEvent(event),
    eventSubjects(webhooks.normalize(event)),
  );
  return { rowId, outcome: rowId ? 'deferred' : 'duplicate' };
}
