import * as paypal from '@paypal/checkout-server-sdk';
import Stripe from 'stripe';
import type { SandboxTestContext } from './test-app';

/**
 * What the provider holds for a checkout, read back with the real SDKs (as a dashboard or an
 * auditor would see it), not through our adapters.
 */
export async function stripeLineItem(
  ctx: SandboxTestContext,
  sessionId: string,
): Promise<{ unitAmount: number | null; currency: string; amountTotal: number | null }> {
  const url = new URL(ctx.sandbox.stripe.url);
  const stripe = new Stripe(ctx.sandbox.stripe.secretKey, {
    host: url.hostname,
    port: Number(url.port),
    protocol: 'http',
  });
  const session = await stripe.checkout.sessions.retrieve(sessionId);
  const items = await stripe.checkout.sessions.listLineItems(sessionId);
  return {
    unitAmount: items.data[0]?.price?.unit_amount ?? null,
    currency: session.currency ?? '',
    amountTotal: session.amount_total,
  };
}

export async function paypalOrderAmount(
  ctx: SandboxTestContext,
  orderId: string,
): Promise<{ currency_code: string; value: string }> {
  const env = new paypal.core.PayPalEnvironment(
    ctx.sandbox.paypal.clientId,
    ctx.sandbox.paypal.clientSecret,
    ctx.sandbox.paypal.url,
    ctx.sandbox.paypal.url,
  );
  const client = new paypal.core.PayPalHttpClient(env);
  const response = await client.execute(new paypal.orders.OrdersGetRequest(orderId));
  const order = response.result as { purchase_units: { amount: { currency_code: string; value: string } }[] };
  return order.purchase_units[0].amount;
}
