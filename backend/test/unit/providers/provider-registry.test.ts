import { loadConfig } from '../../../src/config/config';
import { AppError } from '../../../src/errors/app-error';
import { PayPalAdapter } from '../../../src/providers/paypal/paypal.adapter';
import { createProviders } from '../../../src/providers/provider-registry';
import { StripeAdapter } from '../../../src/providers/stripe/stripe.adapter';

describe('provider registry', () => {
  it('when no keys are set (sandbox), then both providers are configured', () => {
    const registry = createProviders(loadConfig({ NODE_ENV: 'test' }));
    expect(registry.configured()).toEqual(['stripe', 'paypal']);
    expect(registry.get('stripe')).toBeInstanceOf(StripeAdapter);
    expect(registry.get('paypal')).toBeInstanceOf(PayPalAdapter);
    expect(registry.get('paypal').name).toBe('paypal');
  });

  it('when only Stripe keys are set, then PayPal is refused with a 400 unsupported_provider', () => {
    const registry = createProviders(
      loadConfig({ NODE_ENV: 'test', STRIPE_SECRET_KEY: 'sk_test_123', STRIPE_WEBHOOK_SECRET: 'whsec_123' }),
    );
    expect(registry.configured()).toEqual(['stripe']);
    expect(() => registry.get('paypal')).toThrow(AppError);
    try {
      registry.get('paypal');
    } catch (err) {
      expect(err).toMatchObject({ status: 400, code: 'unsupported_provider' });
    }
  });

  it('when an unknown provider name is asked for, then it is a 400 unsupported_provider', () => {
    const registry = createProviders(loadConfig({ NODE_ENV: 'test' }));
    expect(() => registry.get('bitcoin')).toThrow(
      expect.objectContaining({ status: 400, code: 'unsupported_provider' }),
    );
  });
});
