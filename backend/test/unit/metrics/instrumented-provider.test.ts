import { Registry } from 'prom-client';
import Stripe from 'stripe';
import { loadConfig } from '../../../src/config/config';
import { money } from '../../../src/domain/money';
import { ProviderError } from '../../../src/errors/provider-error';
import { providerCallHistogram } from '../../../src/metrics/provider-call-histogram';
import { instrumentProvider } from '../../../src/providers/instrumented-provider';
import type { ProviderCall, ProviderCallMetrics } from '../../../src/providers/provider-call-metrics';
import { createProviders } from '../../../src/providers/provider-registry';
import { StripeAdapter } from '../../../src/providers/stripe/stripe.adapter';
import type { StripeClient } from '../../../src/providers/stripe/stripe-client';
import { checkoutRequest } from '../../support/checkout-request';
import { fixture } from '../providers/fixtures';

/** A clock the fake SDK moves: every SDK call takes `SDK_CALL_MS`. */
const SDK_CALL_MS = 250;
let clockMs = 0;
const now = () => clockMs;

/** SDK methods answering canned objects (or rejecting with canned errors) after SDK_CALL_MS. */
function fakeStripe(answers: Record<string, unknown>): StripeClient {
  const answer =
    (method: string) =>
    async (..._args: unknown[]) => {
      clockMs += SDK_CALL_MS;
      const a = answers[method];
      if (a instanceof Error) throw a;
      return a;
    };
  const client = {
    checkout: {
      sessions: { create: answer('checkout.sessions.create'), retrieve: answer('checkout.sessions.retrieve') },
    },
    refunds: { create: answer('refunds.create') },
  };
  return client as unknown as StripeClient;
}

function stripeAdapter(answers: Record<string, unknown> = {}): StripeAdapter {
  return new StripeAdapter({ secretKey: 'sk_test_x', publishableKey: 'pk', webhookSecret: 'whsec_x' }, undefined, {
    client: fakeStripe(answers),
  });
}

/** The port, recording what it is told. */
function recording(): ProviderCallMetrics & { calls: ProviderCall[] } {
  const calls: ProviderCall[] = [];
  return { calls, providerCall: (call) => calls.push(call) };
}

function instrumented(answers: Record<string, unknown> = {}) {
  const metrics = recording();
  return { provider: instrumentProvider(stripeAdapter(answers), metrics, now), calls: metrics.calls };
}

const SESSION = { id: 'cs_test_1', url: 'http://sandbox/c/pay/cs_test_1', expires_at: 1_800_000_000 };
const outage = () => new Stripe.errors.StripeConnectionError({ message: 'ECONNREFUSED' } as never);
const cardDeclined = () => {
  const body = fixture<{ error: Record<string, unknown> }>('stripe/error.card_declined.json');
  return Stripe.errors.StripeError.generate({ ...body.error, statusCode: 402, requestId: 'req_1' } as never);
};

beforeEach(() => {
  clockMs = 0;
});

describe('instrumented provider: every capability call is timed', () => {
  it('when a checkout is created, then its answer is unchanged and one stripe checkout.createCheckout call is reported with the time it took', async () => {
    const { provider, calls } = instrumented({ 'checkout.sessions.create': SESSION });
    await expect(provider.checkout.createCheckout(checkoutRequest())).resolves.toEqual({
      providerSessionId: 'cs_test_1',
      checkoutUrl: SESSION.url,
      expiresAt: new Date(SESSION.expires_at * 1000),
    });
    expect(calls).toEqual([{ provider: 'stripe', operation: 'checkout.createCheckout', seconds: 0.25 }]);
  });

  it('when the provider fails, then the same ProviderError is thrown and the call is reported with its kind', async () => {
    const { provider, calls } = instrumented({
      'checkout.sessions.create': outage(),
      'checkout.sessions.retrieve': cardDeclined(),
    });
    const created = await provider.checkout.createCheckout(checkoutRequest()).catch((e: unknown) => e);
    const state = await provider.checkout.getPaymentState({ providerSessionId: 'cs_1' }).catch((e: unknown) => e);
    expect(created).toBeInstanceOf(ProviderError);
    expect(created).toMatchObject({ kind: 'unavailable' });
    expect(state).toMatchObject({ kind: 'declined' });
    expect(calls).toEqual([
      { provider: 'stripe', operation: 'checkout.createCheckout', seconds: 0.25, failure: 'unavailable' },
      { provider: 'stripe', operation: 'checkout.getPaymentState', seconds: 0.25, failure: 'declined' },
    ]);
  });

  it('when a webhook fails verification, then it is reported as verification_failed; normalize, which calls nobody, is not reported', async () => {
    const { provider, calls } = instrumented();
    await expect(provider.webhooks.verifyWebhook(Buffer.from('{}'), {})).rejects.toThrow('Missing Stripe-Signature');
    const event = fixture<Record<string, unknown>>('stripe/event.payment_intent.succeeded.json');
    const normalized = provider.webhooks.normalize({
      provider: 'stripe',
      id: String(event.id),
      type: String(event.type),
      createdAt: new Date(),
      payload: event,
    });
    expect(Array.isArray(normalized)).toBe(true);
    expect(calls).toEqual([
      { provider: 'stripe', operation: 'webhooks.verifyWebhook', seconds: 0, failure: 'verification_failed' },
    ]);
  });

  it('when a method uses other methods of its own (a refund looks up the payment intent), then only the call made to it is reported', async () => {
    const { provider, calls } = instrumented({
      'checkout.sessions.retrieve': { id: 'cs_1', payment_intent: 'pi_1' },
      'refunds.create': {
        ...fixture<Record<string, unknown>>('stripe/object.refund.json'),
        id: 're_1',
        payment_intent: 'pi_1',
        currency: 'eur',
      },
    });
    await provider.refunds.refund({
      refundId: 'rf_1',
      ref: { providerSessionId: 'cs_1' },
      amount: money(100, 'EUR'),
      idempotencyKey: 'refund:1:1',
    });
    // Two SDK calls, one provider call reported, timed over both.
    expect(calls).toEqual([{ provider: 'stripe', operation: 'refunds.refund', seconds: 0.5 }]);
  });

  it('when the adapter is wrapped, then it is still a StripeAdapter, plain properties pass through and each method keeps one wrapper', () => {
    const adapter = stripeAdapter();
    const provider = instrumentProvider(adapter, recording(), now);
    expect(provider).toBeInstanceOf(StripeAdapter);
    expect(provider.name).toBe('stripe');
    expect(provider.subscriptions.cancelsAtPeriodEnd).toBe(adapter.subscriptions.cancelsAtPeriodEnd);
    expect(provider.checkout.createCheckout).toBe(provider.checkout.createCheckout);
    expect(provider.checkout.createCheckout).not.toBe(adapter.checkout.createCheckout);
  });

  it('when the metrics throw, then the provider answer still comes back', async () => {
    const broken: ProviderCallMetrics = {
      providerCall: () => {
        throw new Error('metrics broken');
      },
    };
    const provider = instrumentProvider(stripeAdapter({ 'checkout.sessions.create': SESSION }), broken, now);
    await expect(provider.checkout.createCheckout(checkoutRequest())).resolves.toMatchObject({
      providerSessionId: 'cs_test_1',
    });
  });

  it('when the registry is given metrics, then the adapters it hands out are the timed ones', async () => {
    const metrics = recording();
    const providers = createProviders(loadConfig({ NODE_ENV: 'test' }), undefined, {
      stripe: stripeAdapter({ 'checkout.sessions.create': SESSION }),
      metrics,
    });
    await providers.get('stripe').checkout.createCheckout(checkoutRequest());
    expect(metrics.calls).toEqual([
      { provider: 'stripe', operation: 'checkout.createCheckout', seconds: expect.any(Number) },
    ]);
  });
});

describe('provider call histogram (prom-client)', () => {
  async function scraped(calls: ProviderCall[]): Promise<string> {
    const registry = new Registry();
    const histogram = providerCallHistogram(registry);
    calls.forEach((call) => histogram.providerCall(call));
    return registry.metrics();
  }

  it('when calls are reported, then latency is labelled by provider, operation and outcome, and failures are counted by kind', async () => {
    const text = await scraped([
      { provider: 'stripe', operation: 'checkout.createCheckout', seconds: 0.2 },
      { provider: 'stripe', operation: 'checkout.createCheckout', seconds: 0.3 },
      { provider: 'paypal', operation: 'checkout.capture', seconds: 4, failure: 'unavailable' },
    ]);
    expect(text).toContain(
      'lms_provider_call_duration_seconds_count{provider="stripe",operation="checkout.createCheckout",outcome="ok"} 2',
    );
    expect(text).toContain(
      'lms_provider_call_duration_seconds_sum{provider="stripe",operation="checkout.createCheckout",outcome="ok"} 0.5',
    );
    expect(text).toContain(
      'lms_provider_call_duration_seconds_bucket{le="0.25",provider="stripe",operation="checkout.createCheckout",outcome="ok"} 1',
    );
    expect(text).toContain(
      'lms_provider_call_duration_seconds_count{provider="paypal",operation="checkout.capture",outcome="error"} 1',
    );
    expect(text).toContain(
      'lms_provider_call_errors_total{provider="paypal",operation="checkout.capture",kind="unavailable"} 1',
    );
    expect(text).not.toMatch(/lms_provider_call_errors_total\{provider="stripe"/);
  });
});
