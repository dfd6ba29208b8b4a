import { verify as verifySignature, X509Certificate } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { PayPalConfig } from '../../config/config';
import type { DomainEvent } from '../../domain/events/domain-event';
import { providerUnavailable } from '../../errors/provider-error';
import { WebhookVerificationError, type ProviderEvent, type WebhookCapability } from '../payment-provider';
import { CertificateCache } from './paypal-cert-cache';
import { CertificateUnavailableError, fetchCertificate, type CertFetcher } from './paypal-cert-fetch';
import { certOrigin, pinnedCertUrl } from './paypal-cert-url';
import type { PayPalEventConfirmation } from './paypal-event-confirmation';
import { normalizePayPalEvent, parsePayPalTime } from './paypal-event-mapper';

/**
 * PayPal's certificate scheme, verified locally (no postback, which does not work for simulator
 * events): message = transmissionId|transmissionTime|webhookId|crc32(raw body), RSA PKCS#1 v1.5
 * with SHA-256 under the public key of the certificate at PAYPAL-CERT-URL.
 *
 * The signature binds the transmission, but only a CRC32 of the body, which anyone can match with
 * another body. So: a transmission is only good within a time window of its signed time; its id is
 * stored, and a second event under a stored transmission id is refused (webhook-event.repository);
 * and what a body claims about money is confirmed with PayPal before it counts
 * (paypal-event-confirmation.ts).
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

/** How far PAYPAL-TRANSMISSION-TIME may be from our clock, either way, by default (10 minutes). */
export const DEFAULT_TOLERANCE_SECONDS = 600;

/**
 * The subject CN of PayPal's signing certificate (its certificate for messages). PayPal's sandbox
 * may also sign with a `.sandbox.` one [unverified]; live accepts only PayPal's production name.
 */
export function certNames(env: PayPalConfig['env']): readonly string[] {
  return env === 'live'
    ? ['messageverificationcerts.paypal.com']
    : ['messageverificationcerts.paypal.com', 'messageverificationcerts.sandbox.paypal.com'];
}

/** Whether every CN of the certificate's subject is one of `names` (and it has one). */
export function issuedTo(cert: X509Certificate, names: readonly string[]): boolean {
  const cns = cert.subject
    .split('\n')
    .filter((line) => line.startsWith('CN='))
    .map((line) => line.slice(3));
  return cns.length > 0 && cns.every((cn) => names.includes(cn));
}

export interface PayPalWebhookVerifierOptions {
  /** Our webhook's id in PayPal (the simulator signs with the literal "WEBHOOK_ID"). */
  webhookId: string;
  /** PayPal's environment, which pins the certificate host and name... */
  env: PayPalConfig['env'];
  /** ...unless the offline sandbox is configured: then its origin is the one certificate origin. */
  apiBase?: URL;
  fetchCert?: CertFetcher;
  /** Clock for the transmission window and certificate validity. */
  now?: () => Date;
  /** Refuse deliveries whose PAYPAL-TRANSMISSION-TIME is further than this from now, either way. */
  toleranceSeconds?: number;
  /** Certificates kept (by URL, least recently used dropped first). */
  cacheSize?: number;
}

/** The transmission headers, read and checked for shape before anything else. */
interface Transmission {
  id: string;
  time: string;
  /** The signed time, parsed; undefined when it is not a real instant. */
  sentAt: Date | undefined;
  signature: Buffer;
  certUrl: string;
}

const TRANSMISSION_ID = /^[A-Za-z0-9_-]{1,128}$/;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function readTransmission(headers: IncomingHttpHeaders): Transmission {
  const id = header(headers, 'paypal-transmission-id');
  const time = header(headers, 'paypal-transmission-time');
  const signature = header(headers, 'paypal-transmission-sig');
  const certUrl = header(headers, 'paypal-cert-url');
  const algorithm = header(headers, 'paypal-auth-algo');
  if (!id || !time || !signature || !certUrl || !algorithm) {
    throw new WebhookVerificationError('Missing PayPal transmission headers');
  }
  if (algorithm !== 'SHA256withRSA') {
    throw new WebhookVerificationError(`Unsupported PayPal signature algorithm '${algorithm}'`);
  }
  if (!TRANSMISSION_ID.test(id)) throw new WebhookVerificationError('Malformed PayPal transmission id');
  return { id, time, sentAt: parsePayPalTime(time), signature: Buffer.from(signature, 'base64'), certUrl };
}

export class PayPalWebhookVerifier {
  private readonly certs: CertificateCache;
  private readonly fetchCert: CertFetcher;
  private readonly now: () => Date;
  private readonly origin: URL;
  private readonly names: readonly string[];
  private readonly toleranceMs: number;

  constructor(private readonly options: PayPalWebhookVerifierOptions) {
    this.fetchCert = options.fetchCert ?? fetchCertificate;
    this.now = options.now ?? (() => new Date());
    this.certs = new CertificateCache(options.cacheSize, this.now);
    this.origin = certOrigin(options);
    this.names = certNames(options.env);
    this.toleranceMs = (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS) * 1000;
  }

  /** Certificates held now (bounded by `cacheSize`). */
  get cachedCertificates(): number {
    return this.certs.size;
  }

  async verify(rawBody: Buffer, headers: IncomingHttpHeaders): Promise<ProviderEvent> {
    const transmission = readTransmission(headers);
    const now = this.now();
    const sentAt = transmission.sentAt;
    if (!sentAt || Math.abs(now.getTime() - sentAt.getTime()) > this.toleranceMs) {
      throw new WebhookVerificationError('PayPal transmission time is outside the allowed window');
    }
    const certUrl = pinnedCertUrl(transmission.certUrl, this.origin);
    if (!certUrl) throw new WebhookVerificationError('PayPal certificate URL is not on the pinned certificate host');

    const cert = await this.certificate(certUrl.href);
    if (now < new Date(cert.validFrom) || now > new Date(cert.validTo)) {
      throw new WebhookVerificationError('PayPal signing certificate is not valid at this time');
    }

    const message = `${transmission.id}|${transmission.time}|${this.options.webhookId}|${crc32(rawBody)}`;
    let valid = false;
    try {
      valid =
        transmission.signature.length > 0 &&
        verifySignature('sha256', Buffer.from(message, 'utf8'), cert.publicKey, transmission.signature);
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
    const createdAt = parsePayPalTime(payload.create_time) ?? sentAt;
    return { provider: 'paypal', id, type, createdAt, payload, transmissionId: transmission.id };
  }

  /** From the cache, or downloaded; only a certificate issued to PayPal's signing name is kept. */
  private certificate(url: string): Promise<X509Certificate> {
    return this.certs
      .get(url, async () => {
        const cert = new X509Certificate(await this.fetchCert(url));
        if (!issuedTo(cert, this.names)) throw new Error("it is not issued to PayPal's message signing name");
        return cert;
      })
      .catch((err: unknown) => {
        // Our side could not fetch it: answer 5xx so PayPal redelivers, rather than a final 400.
        if (err instanceof CertificateUnavailableError) throw providerUnavailable('paypal');
        throw new WebhookVerificationError(
          `PayPal signing certificate could not be loaded: ${err instanceof Error ? err.message : String(err)}`,
        );
      });
  }
}

/**
 * PayPal webhooks: the certificate scheme first (PayPalWebhookVerifier), then the event mapper;
 * claims a body makes about money are confirmed through PayPal's API (PayPalEventConfirmation).
 */
export class PayPalWebhooks implements WebhookCapability {
  constructor(
    private readonly verifier: PayPalWebhookVerifier,
    private readonly confirmation: PayPalEventConfirmation,
  ) {}

  verifyWebhook(rawBody: Buffer, headers: IncomingHttpHeaders): Promise<ProviderEvent> {
    return this.verifier.verify(rawBody, headers);
  }

  normalize(event: ProviderEvent): DomainEvent[] {
    return normalizePayPalEvent(event);
  }

  confirm(event: DomainEvent): Promise<DomainEvent[]> {
    return this.confirmation.confirm(event);
  }
}
