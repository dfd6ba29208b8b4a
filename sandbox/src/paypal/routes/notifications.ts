import { JsonObject, isObject } from '../../shared/json';
import { paypalDebugId } from '../../shared/ids';
import { PayPalError, notFound } from '../errors';
import { Route, route } from '../router';

const REQUIRED = [
  'auth_algo',
  'cert_url',
  'transmission_id',
  'transmission_sig',
  'transmission_time',
  'webhook_id',
] as const;

/** Webhooks API's own validation error (`VALIDATION_ERROR`, unlike the orders API). */
function validationError(field: string): PayPalError {
  return new PayPalError(400, {
    name: 'VALIDATION_ERROR',
    message: 'Invalid request - see details',
    debug_id: paypalDebugId(),
    details: [
      {
        field,
        location: 'body',
        issue: 'Required field cannot be blank',
        description: 'Required field cannot be blank',
      },
    ],
    links: [
      {
        href: 'https://developer.paypal.com/docs/api/webhooks/v1/#error-VALIDATION_ERROR',
        rel: 'information_link',
        method: 'GET',
      },
    ],
  });
}

export const notificationRoutes: Route[] = [
  route('POST', '/v1/notifications/verify-webhook-signature', 'webhooks', ({ body }, ctx) => {
    for (const key of REQUIRED) if (typeof body?.[key] !== 'string' || body[key] === '') throw validationError(key);
    if (!body || !isObject(body.webhook_event)) throw validationError('webhook_event');
    const ok = ctx.events.verify({
      authAlgo: String(body.auth_algo),
      certUrl: String(body.cert_url),
      transmissionId: String(body.transmission_id),
      transmissionSig: String(body.transmission_sig),
      transmissionTime: String(body.transmission_time),
      webhookId: String(body.webhook_id),
      event: body.webhook_event,
    });
    return { status: 200, body: { verification_status: ok ? 'SUCCESS' : 'FAILURE' } };
  }),
  route('GET', '/v1/notifications/webhooks-events/:id', 'webhooks', ({ path }, ctx) => {
    const stored = ctx.state.events.get(path.id);
    if (!stored) throw notFound('webhooks', 'event_id', path.id);
    return { status: 200, body: stored.event as JsonObject };
  }),
  route('POST', '/v1/notifications/webhooks-events/:id/resend', 'webhooks', ({ path }, ctx) => {
    if (!ctx.events.resend(path.id)) throw notFound('webhooks', 'event_id', path.id);
    const stored = ctx.state.events.get(path.id);
    return { status: 202, body: stored?.event as JsonObject };
  }),
];
