import type { RequestHandler } from 'express';
import helmet from 'helmet';

type CspDirectives = Record<string, readonly string[]>;

/**
 * The Content-Security-Policy of the SPA and the API. The app loads only its own files: no inline
 * script, no eval, nothing from another origin. Checkout leaves by `location.href` to the
 * provider's hosted page (frontend core/browser/external-navigation.ts) and no form posts
 * anywhere, so the providers' origins appear nowhere here. A page that needs more (the
 * /api/docs reference page) mounts `contentSecurityPolicy({...CSP_DIRECTIVES, ...its own})` on
 * its route, which replaces this header for that route only.
 */
export const CSP_DIRECTIVES: Readonly<CspDirectives> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  // Angular adds each component's styles as a <style> element at run time; without per-request
  // nonces (index.html is served as a static file) they need 'unsafe-inline'. Scripts do not.
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'self'"],
  'object-src': ["'none'"],
};

/**
 * Browser features no page of ours uses. `payment` too: the providers' pages are top-level
 * documents on their own origins, which this header does not reach.
 */
export const PERMISSIONS_POLICY = [
  'accelerometer',
  'browsing-topics',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'idle-detection',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'screen-wake-lock',
  'serial',
  'usb',
  'xr-spatial-tracking',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

/**
 * No Referer at all: provider return URLs carry tokens in the query (Stripe's session id, PayPal's
 * order token and PayerID), and the product reads no Referer, so no request (not even our own API
 * calls from the return page, which proxies may log) needs to carry the page's URL.
 */
export const REFERRER_POLICY = 'no-referrer';

/** A CSP middleware for `directives`; `upgradeInsecureRequests` in production, where TLS is in front. */
export function contentSecurityPolicy(directives: CspDirectives, upgradeInsecureRequests: boolean): RequestHandler {
  return helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: { ...directives, ...(upgradeInsecureRequests ? { 'upgrade-insecure-requests': [] } : {}) },
  });
}

/** Helmet's headers with our CSP, Referrer-Policy and Permissions-Policy. */
export function securityHeaders(options: { production: boolean }): RequestHandler[] {
  return [
    helmet({
      contentSecurityPolicy: false,
      referrerPolicy: { policy: REFERRER_POLICY },
    }),
    contentSecurityPolicy(CSP_DIRECTIVES, options.production),
    (_req, res, next) => {
      res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
      next();
    },
  ];
}
