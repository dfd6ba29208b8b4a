import type { PayPalApi } from '../../../src/providers/paypal/paypal-client';
import { PayPalAdapter } from '../../../src/providers/paypal/paypal.adapter';
import { stripeSuccessUrl } from '../../../src/providers/stripe/stripe-checkout';
import type { StripeClient } from '../../../src/providers/stripe/stripe-client';
import { StripeAdapter } from '../../../src/providers/stripe/stripe.adapter';
import { checkoutRequest } from '../../support/checkout-request';

/** Our return page carries our own params; each adapter adds only what its provider needs. */
const returnUrl = 'https://app.example/checkout/return?paymentId=pay_123&provider=x';

function stripeWithRecordedParams(): { adapter: StripeAdapter; sent: Array<Record<string, unknown>> } {
  const sent: Array<Record<string, unknown>> = [];
  const client = {
    checkout: {
      sessions: {
        create: (params: Record<string, unknown>) => {
          sent.push(params);
          return Promise.resolve({ id: 'cs_test_1', url: 'https://checkout.example/cs_test_1', expires_at: null });
        },
      },
    },
  } as unknown as StripeClient;
  const adapter = new StripeAdapter(
    { secretKey: 'sk_test_x', publishableKey: 'pk', webhookSecret: 'whsec_x' },
    undefined,
    {
      client,
    },
  );
  return { adapter, sent };
}

function payPalWithRecordedBodies(): { adapter: PayPalAdapter; sent: unknown[] } {
  const sent: unknown[] = [];
  const api = {
    createOrder: (body: unknown) => {
      sent.push(body);
      return Promise.resolve({
        statusCode: 201,
        headers: {},
        result: { id: 'O1', status: 'CREATED', links: [{ rel: 'approve', href: 'https://paypal.example/O1' }] },
      });
    },
  } as unknown as PayPalApi;
  const adapter = new PayPalAdapter({ clientId: 'cid', secret: 'sec', env: 'sandbox', webhookId: 'WH' }, undefined, {
    api,
  });
  return { adapter, sent };
}

describe('checkout return URLs', () => {
  it('when Stripe creates the checkout, then success_url is our return URL plus session_id={CHECKOUT_SESSION_ID}, cancel_url unchanged', async () => {
    const { adapter, sent } = stripeWithRecordedParams();
    await adapter.checkout.createCheckout(checkoutRequest({ returnUrl, cancelUrl: 'https://app.example/cancel' }));
    expect(sent).toHaveLength(1);
    expect(sent[0].success_url).toBe(`${returnUrl}&session_id={CHECKOUT_SESSION_ID}`);
    expect(sent[0].cancel_url).toBe('https://app.example/cancel');
  });

  it('when PayPal creates the checkout, then return_url is our return URL unchanged (PayPal adds token and PayerID)', async () => {
    const { adapter, sent } = payPalWithRecordedBodies();
    await adapter.checkout.createCheckout(checkoutRequest({ returnUrl, cancelUrl: 'https://app.example/cancel' }));
    expect(sent).toHaveLength(1);
    const context = (sent[0] as { payment_source: { paypal: { experience_context: Record<string, unknown> } } })
      .payment_source.paypal.experience_context;
    expect(context.return_url).toBe(returnUrl);
    expect(context.cancel_url).toBe('https://app.example/cancel');
    expect(JSON.stringify(sent[0])).not.toContain('CHECKOUT_SESSION_ID');
  });

  it('when the return URL has no query, a trailing separator or a fragment, then the Stripe placeholder still lands in the query, braces unencoded', () => {
    expect(stripeSuccessUrl('https://app.example/return')).toBe(
      'https://app.example/return?session_id={CHECKOUT_SESSION_ID}',
    );
    expect(stripeSuccessUrl('https://app.example/return?')).toBe(
      'https://app.example/return?session_id={CHECKOUT_SESSION_ID}',
    );
    expect(stripeSuccessUrl('https://app.example/return?a=1&')).toBe(
      'https://app.example/return?a=1&session_id={CHECKOUT_SESSION_ID}',
    );
    expect(stripeSuccessUrl('https://app.example/return?a=1#done')).toBe(
      'https://app.example/return?a=1&session_id={CHECKOUT_SESSION_ID}#done',
    );
  });
});
