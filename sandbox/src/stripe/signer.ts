import { createHmac } from 'node:crypto';

/**
 * `Stripe-Signature: t=<unix>,v1=<hex>` exactly as Stripe computes it: HMAC-SHA256 keyed with the
 * whole `whsec_…` string (not base64-decoded) over `"<t>.<raw body>"`, lower-case hex.
 */
export function stripeSignatureHeader(
  rawBody: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}
