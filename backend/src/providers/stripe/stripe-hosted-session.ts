import type Stripe from 'stripe';
import type { Logger } from '../../logger';
import { ProviderError } from '../../errors/provider-error';
import type { StripeClient } from './stripe-client';
import { callStripe } from './stripe-errors';

/** A Checkout Session as the browser needs it: where to go, until when. */
export interface HostedSession {
  id: string;
  url: string;
  expiresAt?: Date;
}

/** Creates a Checkout Session (any mode) with our key; a session without a hosted URL is unusable. */
export async function createHostedSession(
  stripe: StripeClient,
  params: Stripe.Checkout.SessionCreateParams,
  idempotencyKey: string,
  logger?: Logger,
): Promise<HostedSession> {
  const session = await callStripe(
    'checkout.sessions.create',
    () => stripe.checkout.sessions.create(params, { idempotencyKey }),
    logger,
  );
  if (!session.url) {
    throw new ProviderError('unavailable', 'stripe', 'Stripe returned a Checkout Session without a URL', {
      code: 'provider_error',
      details: { provider: 'stripe', operation: 'checkout.sessions.create' },
    });
  }
  return {
    id: session.id,
    url: session.url,
    ...(session.expires_at ? { expiresAt: new Date(session.expires_at * 1000) } : {}),
  };
}
