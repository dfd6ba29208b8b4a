import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { ProviderName } from '../../domain/payments/payment-status';
import type { WebhookDispatcher } from '../../services/webhooks/webhook-dispatcher';
import type { WebhookService } from '../../services/webhooks/webhook.service';
import type { OutsideRouteDoc } from '../openapi-document';

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

const stripeHeaders = z.object({
  'Stripe-Signature': z.string().meta({ description: 'HMAC-SHA256 of the timestamp and the raw body' }),
});

const paypalHeaders = z.object({
  'PayPal-Transmission-Id': z.string(),
  'PayPal-Transmission-Time': z.string(),
  'PayPal-Transmission-Sig': z.string(),
  'PayPal-Cert-Url': z.string(),
  'PayPal-Auth-Algo': z.string(),
});

const WEBHOOK_ANSWERS = {
  200: { description: '`{received: true, duplicate}`: stored (a duplicate delivery is acknowledged again)' },
  400: { description: 'The signature does not verify (`invalid_signature`) or the event cannot be read' },
  500: { description: 'Not stored; the provider retries the delivery' },
};

/** The webhook routes for the OpenAPI document: providers call them, nobody else can (signatures). */
export const webhookRouteDocs: readonly OutsideRouteDoc[] = [
  ...['/api/payments/webhook', '/api/payments/webhook/stripe'].map((path): OutsideRouteDoc => ({
    method: 'post',
    path,
    summary: 'Stripe webhook deliveries',
    description: 'The raw body is verified against `Stripe-Signature` before anything is read.',
    tags: ['webhooks'],
    headers: stripeHeaders,
    body: { media: 'application/json', description: 'A Stripe event, byte for byte as signed' },
    responses: WEBHOOK_ANSWERS,
  })),
  {
    method: 'post',
    path: '/api/payments/webhook/paypal',
    summary: 'PayPal webhook deliveries',
    description: "The raw body is verified against the transmission headers and PayPal's certificate first.",
    tags: ['webhooks'],
    headers: paypalHeaders,
    body: { media: 'application/json', description: 'A PayPal event, byte for byte as signed' },
    responses: WEBHOOK_ANSWERS,
  },
];
