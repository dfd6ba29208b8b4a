import { verify as verifySignature, X509Certificate } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { DomainEvent } from '../../domain/events/domain-event';
import { providerUnavailable } from '../../errors/provider-error';
import { WebhookVerificationError, type ProviderEvent, type WebhookCapability } from '../payment-provider';
import { normalizePayPalEvent, parsePayPalTime } from './paypal-event-mapper';

/**
 * PayPal's certificate scheme, verified locally (no postback, which does not work for simulator
 * events): message = transmissionId|transmissionTime|webhookId|crc32(raw body), RSA PKCS#1 v1.5
 * with SHA-256 under the public key of the certificate at PAYPAL-CERT-URL. The cert URL must be
 * https on *.paypal.com, or the offline sandbox's own origin while the sandbox is configured.
 */

const CRC32_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 as zlib computes it (IEEE 802.3, reflected, init and final xor 0xffffffff), unsigned. */
export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = CRC32_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function sameHost(a: string, b: string): boolean {
  return a === b || (LOOPBACK.has(a) && LOOPBACK.has(b));
}

function effectivePort(u: URL): string {
  return u.port || (u.protocol === 'https:' ? '443' : u.protocol === 'http:' ? '80' : '');
}

/**
 * May a certificate be downloaded from this URL? https on a host ending in ".paypal.com" (default
 * port); or, only when the offline sandbox is configured (sandboxBase), the sandbox's own origin.
 */
export function isAllowedCertUrl(certUrl: string, sandboxBase?: URL): boolean {
  let u: URL;
  try {
    u = new URL(certUrl);
  } catch {
    return false;
  }
  if (u.username || u.password) return false;
  if (u.protocol === 'https:' && u.hostname.endsWith('.paypal.com') && effectivePort(u) === '443') return true;
  if (sandboxBase) {
    return (
      u.protocol === sandboxBase.protocol &&
      sameHost(u.hostname, sandboxBase.hostname) &&
      effectivePort(u) === effectivePort(sandboxBase)
    );
  }
  return false;
}

/** Downloads a PEM certificate; injectable so tests never need the network. */
export type CertFetcher = (url: string) => Promise<string>;

/** The certificate host could not be reached or failed (5xx): worth a retry, unlike a bad URL. */
export class CertificateUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CertificateUnavailableError';
  }
}

export const fetchCertificate: CertFetcher = async (url) => {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(5000) });
  } catch (err) {
    throw new CertificateUnavailableError(err instanceof Error ? err.message : String(err));
  }
  if (response.status >= 500 || response.status === 429) {
    throw new CertificateUnavailableError(`certificate download answered ${response.status}`);
  }
  if (!response.ok) throw new Error(`certificate download answered ${response.status}`);
  const text = await response.text();
  if (text.length > 64 * 1024) throw new Error('certificate download is too large');
  return text;
};

export interface PayPalWebhookVerifierOptions {
  /** Our webhook's id in PayPal (the simulator signs with the literal "WEBHOOK_ID"). */
  webhookId: string;
  /** Set only for the offline sandbox: its origin is then an allowed certificate host. */
  sandboxBase?: URL;
  fetchCert?: CertFetcher;
  /** Clock for certificate validity and transmission age. */
  now?: () => Date;
  /** Reject deliveries whose PAYPAL-TRANSMISSION-TIME is further than this from now (off by default). */
  maxTransmissionAgeSeconds?: number;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

export class PayPalWebhookVerifier {
  private readonly certs = new Map<string, Promise<X509Certificate>>();
  private readonly fetchCert: CertFetcher;
  private readonly now: () => Date;

  constructor(private readonly options: PayPalWebhookVerifierOptions) {
    this.fetchCert = options.fetchCert ?? fetchCertificate;
    this.now = options.now ?? (() => new Date());
  }

  async verify(rawBody: Buffer, headers: IncomingHttpHeaders): Promise<ProviderEvent> {
    const transmissionId = header(headers, 'paypal-transmission-id');
    const transmissionTime = header(headers, 'paypal-transmission-time');
    const signature = header(headers, 'paypal-transmission-sig');
    const certUrl = header(headers, 'paypal-cert-url');
    const algorithm = header(headers, 'paypal-auth-algo');
    if (!transmissionId || !transmissionTime || !signature || !certUrl) {
      throw new WebhookVerificationError('Missing PayPal transmission headers');
    }
    if (algorithm !== undefined && algorithm !== 'SHA256withRSA') {
      throw new WebhookVerificationError(`Unsupported PayPal signature algorithm '${algorithm}'`);
    }
    if (!isAllowedCertUrl(certUrl, this.options.sandboxBase)) {
      throw new WebhookVerificationError('PayPal certificate URL is not on an allowed host');
    }
    const now = this.now();
    if (this.options.maxTransmissionAgeSeconds !== undefined) {
      const sent = parsePayPalTime(transmissionTime);
      if (!sent || Math.abs(now.getTime() - sent.getTime()) > this.options.maxTransmissionAgeSeconds * 1000) {
        throw new WebhookVerificationError('PayPal transmission time is outside the allowed window');
      }
    }

    const cert = await this.certificate(certUrl);
    if (now < new Date(cert.validFrom) || now > new Date(cert.validTo)) {
      throw new WebhookVerificationError('PayPal signing certificate is not valid at this time');
    }
    if (!this.isSandboxCert(certUrl) && !/(^|\n)CN=([\w-]+\.)*paypal\.com(\n|$)/.test(cert.subject)) {
      throw new WebhookVerificationError('PayPal signing certificate is not issued to a paypal.com name');
    }

    const message = `${transmissionId}|${transmissionTime}|${this.options.webhookId}|${crc32(rawBody)}`;
    const sig = Buffer.from(signature, 'base64');
    let valid = false;
    try {
      valid = sig.length > 0 && verifySignature('sha256', Buffer.from(message, 'utf8'), cert.publicKey, sig);
    } catch {
      valid = false;
    }
    if (!valid) throw new WebhookVerificationError('Invalid PayPal webhook signature');

    // Verified: only now is the body read.
    let payload: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(rawBody.toString('utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      payload = parsed as Record<string, unknown>;
    } catch (err) {
      throw new WebhookVerificationError(
        `Unreadable PayPal event: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const id = payload.id;
    const type = payload.event_type;
    if (typeof id !== 'string' || typeof type !== 'string') {
      throw new WebhookVerificationError('Signed PayPal payload is not an event (id, event_type)');
    }
    const createdAt = parsePayPalTime(payload.create_time) ?? parsePayPalTime(transmissionTime) ?? now;
    return { provider: 'paypal', id, type, createdAt, payload };
  }

  private isSandboxCert(certUrl: string): boolean {
    const base = this.options.sandboxBase;
    if (!base) return false;
    const u = new URL(certUrl);
    return !(u.protocol === 'https:' && u.hostname.endsWith('.paypal.com'));
  }

  /** Cached by URL; a failed download is not cached, so the next delivery tries again. */
  private certificate(url: string): Promise<X509Certificate> {
    let pending = this.certs.get(url);
    if (!pending) {
      pending = this.fetchCert(url).then((pem) => new X509Certificate(pem));
      this.certs.set(url, pending);
      pending.catch(() => this.certs.delete(url));
    }
    return pending.catch((err: unknown) => {
      // Our side could not fetch it: answer 5xx so PayPal redelivers, rather than a final 400.
      if (err instanceof CertificateUnavailableError) throw providerUnavailable('paypal');
      throw new WebhookVerificationError(
        `PayPal signing certificate could not be loaded: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
  }
}

/** PayPal webhooks: the certificate scheme first (PayPalWebhookVerifier), then the event mapper. */
export class PayPalWebhooks implements WebhookCapability {
  constructor(private readonly verifier: PayPalWebhookVerifier) {}

  verifyWebhook(rawBody: Buffer, headers: IncomingHttpHeaders): Promise<ProviderEvent> {
    return this.verifier.verify(rawBody, headers);
  }

  normalize(event: ProviderEvent): DomainEvent[] {
    return normalizePayPalEvent(event);
  }
}
