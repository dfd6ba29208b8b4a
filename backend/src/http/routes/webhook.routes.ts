import express, { Router, type Request, type Response } from 'express';
import type { ProviderName } from '../../domain/payments/payment-status';
import type { WebhookDispatcher } from '../../services/webhooks/webhook-dispatcher';
import type { WebhookService } from '../../services/webhooks/webhook.service';

/**
 * Provider webhooks, mounted before any JSON parser: the signature covers the exact bytes, so
 * the body stays raw until the adapter has verified it.
 */
export function webhookRoutes(webhooks: WebhookService, dispatcher: WebhookDispatcher, bodyLimit: string): Router {
  const router = Router();
  const raw = express.raw({ type: () => true, limit: bodyLimit });

  const receive = (provider: ProviderName) => async (req: Request, res: Response) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const received = await webhooks.receive(provider, body, req.headers);
    if (received.rowId && received.outcome === 'deferred') dispatcher.enqueue(received.rowId);
    if (received.rowId && received.outcome === 'retry') dispatcher.retryLater(received.rowId);
    res.status(200).json({ received: true, duplicate: received.outcome === 'duplicate' });
  };

  router.post(['/webhook', '/webhook/stripe'], raw, receive('stripe'));
  router.post('/webhook/paypal', raw, receive('paypal'));
  return router;
}
