import { createSign, createVerify, X509Certificate } from 'node:crypto';
import { DeliveryQueue } from '../shared/delivery';
import { paypalDebugId, paypalEventId, uuid } from '../shared/ids';
import { JsonObject, clone } from '../shared/json';
import { SigningIdentity } from './cert';
import { crc32 } from './crc32';
import { PayPalState } from './state';
import { PayPalEvent } from './types';

export interface PayPalWebhookConfig {
  url: string | undefined;
  webhookId: string;
}

/** The string PayPal signs: `transmissionId|transmissionTime|webhookId|crc32(raw body)`. */
export function signedMessage(
  transmissionId: string,
  transmissionTime: string,
  webhookId: string,
  rawBody: string,
): string {
  return `${transmissionId}|${transmissionTime}|${webhookId}|${crc32(rawBody)}`;
}

/** PAYPAL-TRANSMISSION-TIME's format: ISO 8601 UTC to the second (`2024-08-02T19:35:04Z`). */
export function paypalTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const RESOURCE_VERSION: Record<string, string | undefined> = { sale: undefined };

/** Creates PayPal webhook events, keeps their signed bytes, and delivers them with transmission headers. */
export class PayPalEvents {
  constructor(
    private readonly state: PayPalState,
    private readonly queue: DeliveryQueue,
    private readonly config: PayPalWebhookConfig,
    private readonly identity: SigningIdentity,
    private readonly certUrl: () => string,
    private readonly apiBase: () => string,
  ) {}

  /**
   * `resourceVersion` overrides the default of the resource type (null = none, as v1 resources such as a
   * sale's refund arrive without one).
   */
  emit(
    eventType: string,
    resourceType: string,
    summary: string,
    resource: JsonObject,
    opts: { resourceVersion?: string | null } = {},
  ): PayPalEvent {
    const id = paypalEventId();
    const base = `${this.apiBase()}/v1/notifications/webhooks-events/${id}`;
    const version =
      opts.resourceVersion !== undefined
        ? opts.resourceVersion
        : resourceType in RESOURCE_VERSION
          ? RESOURCE_VERSION[resourceType]
          : '2.0';
    const event: PayPalEvent = {
      id,
      event_version: '1.0',
      create_time: new Date().toISOString(),
      resource_type: resourceType,
      ...(version ? { resource_version: version } : {}),
      event_type: eventType,
      summary,
      resource: clone(resource),
      links: [
        { href: base, rel: 'self', method: 'GET' },
        { href: `${base}/resend`, rel: 'resend', method: 'POST' },
      ],
    };
    // PayPal posts compact JSON; these exact bytes are what the CRC32 in the signature covers.
    const rawBody = JSON.stringify(event);
    this.state.events.set(id, { event, rawBody });
    this.send(id);
    return event;
  }

  resend(id: string, url?: string): boolean {
    if (!this.state.events.has(id)) return false;
    this.send(id, url);
    return true;
  }

  sign(transmissionId: string, transmissionTime: string, rawBody: string): string {
    const signer = createSign('RSA-SHA256');
    signer.update(signedMessage(transmissionId, transmissionTime, this.config.webhookId, rawBody));
    return signer.sign(this.identity.privateKey, 'base64');
  }

  /** What `/v1/notifications/verify-webhook-signature` does: recompute and check with the certificate. */
  verify(input: {
    transmissionId: string;
    transmissionTime: string;
    transmissionSig: string;
    certUrl: string;
    authAlgo: string;
    webhookId: string;
    event: JsonObject;
  }): boolean {
    if (
      input.authAlgo !== 'SHA256withRSA' ||
      input.certUrl !== this.certUrl() ||
      input.webhookId !== this.config.webhookId
    )
      return false;
    const stored = typeof input.event.id === 'string' ? this.state.events.get(input.event.id) : undefined;
    // The API gets the event re-serialized; PayPal checks against the bytes it actually sent.
    const raw =
      stored && JSON.stringify(stored.event) === JSON.stringify(input.event)
        ? stored.rawBody
        : JSON.stringify(input.event);
    const verifier = createVerify('RSA-SHA256');
    verifier.update(signedMessage(input.transmissionId, input.transmissionTime, input.webhookId, raw));
    try {
      return verifier.verify(new X509Certificate(this.identity.certPem).publicKey, input.transmissionSig, 'base64');
    } catch {
      return false;
    }
  }

  /**
   * One more transmission of a stored event, signed but not sent: what someone who captured a
   * delivery holds (replay tests). `transmissionTime` stamps it at another time than now.
   */
  transmission(id: string, transmissionTime?: string): { headers: Record<string, string>; body: string } | undefined {
    const stored = this.state.events.get(id);
    return stored && { headers: this.transmissionHeaders(stored.rawBody, transmissionTime), body: stored.rawBody };
  }

  /** The headers of one transmission: a fresh id, the time (now unless given) and their signature. */
  private transmissionHeaders(raw: string, transmissionTime = paypalTime(new Date())): Record<string, string> {
    const transmissionId = uuid();
    return {
      'Content-Type': 'application/json',
      'User-Agent': 'PayPal/AUHD-214.0-58391792',
      'PAYPAL-TRANSMISSION-ID': transmissionId,
      'PAYPAL-TRANSMISSION-TIME': transmissionTime,
      'PAYPAL-TRANSMISSION-SIG': this.sign(transmissionId, transmissionTime, raw),
      'PAYPAL-CERT-URL': this.certUrl(),
      'PAYPAL-AUTH-ALGO': 'SHA256withRSA',
      'PAYPAL-AUTH-VERSION': 'v2',
      'Correlation-Id': paypalDebugId(),
    };
  }

  private send(id: string, url?: string): void {
    const stored = this.state.events.get(id);
    if (!stored) return;
    this.queue.enqueue(
      {
        eventId: id,
        type: stored.event.event_type,
        body: stored.rawBody,
        // Every attempt is a new transmission with its own id, time and signature.
        sign: (raw) => this.transmissionHeaders(raw),
      },
      url,
    );
  }
}
