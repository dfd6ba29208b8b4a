import type { PayPalConfig } from '../../config/config';

/**
 * Where PayPal's webhook signing certificates may come from. A delivery names its certificate in
 * PAYPAL-CERT-URL, which anyone can write, so the URL is only accepted when it points at the one
 * origin this configuration trusts, under PayPal's certificate path, and the certificate is then
 * fetched from a URL rebuilt from that origin: nothing the header says beyond the certificate's
 * name is ever used to reach the network.
 */

/** The path PayPal serves its certificates under; the name is one segment (`CERT-360caa42-…`). */
export const CERT_PATH_PREFIX = '/v1/notifications/certs/';
const CERT_NAME = /^[A-Za-z0-9_-]{1,128}$/;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The certificate origin of a PayPal configuration: `https://api.paypal.com` for live,
 * `https://api.sandbox.paypal.com` for PayPal's sandbox, or the API base of the offline sandbox
 * when one is configured (the configuration refuses such an override when real money is at stake).
 */
export function certOrigin(config: Pick<PayPalConfig, 'env' | 'apiBase'>): URL {
  if (config.apiBase) return new URL(config.apiBase.origin);
  return new URL(config.env === 'live' ? 'https://api.paypal.com' : 'https://api.sandbox.paypal.com');
}

/**
 * Two hosts are the same machine: equal, or both loopback names (the offline sandbox hands out
 * `localhost` URLs while its API base may say 127.0.0.1). Never true for a public host.
 */
function sameHost(a: string, b: string): boolean {
  return a === b || (LOOPBACK.has(a) && LOOPBACK.has(b));
}

/**
 * The URL to fetch for a PAYPAL-CERT-URL header, or undefined when it is not the pinned origin's
 * certificate path: same scheme, same host (loopback names are one host), no explicit port other
 * than the origin's, no user info, query or fragment, and exactly `/v1/notifications/certs/<name>`
 * as written (no dot segments or escapes that URL parsing would resolve).
 */
export function pinnedCertUrl(certUrl: string, origin: URL): URL | undefined {
  let u: URL;
  try {
    u = new URL(certUrl);
  } catch {
    return undefined;
  }
  if (u.protocol !== origin.protocol || !sameHost(u.hostname, origin.hostname) || u.port !== origin.port) {
    return undefined;
  }
  if (u.username || u.password || u.search || u.hash || certUrl.includes('?') || certUrl.includes('#')) {
    return undefined;
  }
  // The written text, not only the parsed URL: `…/certs/../x` and `%2e%2e` are resolved by parsing.
  const written = `${u.protocol}//${u.host}${u.pathname}`;
  if (certUrl !== written) return undefined;
  if (!u.pathname.startsWith(CERT_PATH_PREFIX)) return undefined;
  const name = u.pathname.slice(CERT_PATH_PREFIX.length);
  if (!CERT_NAME.test(name)) return undefined;
  return new URL(`${CERT_PATH_PREFIX}${name}`, origin);
}
