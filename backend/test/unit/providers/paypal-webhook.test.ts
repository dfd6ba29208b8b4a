import { sign } from 'node:crypto';
import zlib from 'node:zlib';
import { ProviderError } from '../../../src/errors/provider-error';
import { WebhookVerificationError } from '../../../src/providers/payment-provider';
import {
  CertificateUnavailableError,
  crc32,
  isAllowedCertUrl,
  PayPalWebhookVerifier,
} from '../../../src/providers/paypal/paypal-webhooks';
import { fixture } from './fixtures';
import { makeSelfSignedCertificate } from './test-certificate';

interface Deliveries {
  webhook_id_for_simulator_events: string;
  cert_url: string;
  cert_pem: string;
  deliveries: Array<{ event_type: string; headers: Record<string, string>; raw_body: string }>;
}

const simulator = fixture<Deliveries>('paypal/webhook-deliveries.simulator-signed-2024.json');
/** The fixture certificate was valid from 2024-03-08 to 2025-03-07; the deliveries were sent in 2024-07/08. */
const august2024 = new Date('2024-08-03T00:00:00Z');

function simulatorVerifier(
  now: Date = august2024,
  fetchCert = jest.fn(async (url: string) => {
    if (url !== simulator.cert_url) throw new Error(`unexpected cert url ${url}`);
    return simulator.cert_pem;
  }),
) {
  const verifier = new PayPalWebhookVerifier({
    webhookId: simulator.webhook_id_for_simulator_events,
    fetchCert,
    now: () => now,
  });
  return { verifier, fetchCert };
}

describe('crc32', () => {
  it("when given the standard check vectors, then it returns zlib's unsigned values", () => {
    expect(crc32(Buffer.from(''))).toBe(0);
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.from('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
    expect(crc32(Buffer.from([0xff, 0xff, 0xff, 0xff]))).toBe(0xffffffff);
  });

  it('when given arbitrary bytes, then it agrees with zlib.crc32 where Node has it', () => {
    const zlibCrc = (zlib as unknown as { crc32?: (b: Buffer) => number }).crc32;
    for (const d of simulator.deliveries) {
      const body = Buffer.from(d.raw_body, 'utf8');
      const value = crc32(body);
      expect(value).toBeGreaterThanOrEqual(0);
      if (zlibCrc) expect(value).toBe(zlibCrc(body));
    }
  });
});

describe('PayPal certificate URL allow-list', () => {
  const sandbox = new URL('http://127.0.0.1:12112');

  it('when the URL is https on a paypal.com host, then it is allowed', () => {
    expect(isAllowedCertUrl('https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1a5f47cb')).toBe(
      true,
    );
    expect(isAllowedCertUrl('https://api.sandbox.paypal.com/v1/notifications/certs/CERT-1')).toBe(true);
  });

  it('when the URL is http, another host, a look-alike host, another port or has credentials, then it is rejected', () => {
    expect(isAllowedCertUrl('http://api.paypal.com/v1/notifications/certs/CERT-1')).toBe(false);
    expect(isAllowedCertUrl('https://evil.example/v1/notifications/certs/CERT-1')).toBe(false);
    expect(isAllowedCertUrl('https://paypal.com.evil.example/cert')).toBe(false);
    expect(isAllowedCertUrl('https://evilpaypal.com/cert')).toBe(false);
    expect(isAllowedCertUrl('https://api.paypal.com:8443/cert')).toBe(false);
    expect(isAllowedCertUrl('https://user:pw@api.paypal.com/cert')).toBe(false);
    expect(isAllowedCertUrl('not a url')).toBe(false);
  });

  it('when the sandbox is not configured, then its origin is rejected', () => {
    expect(isAllowedCertUrl('http://127.0.0.1:12112/_sandbox/paypal/cert.pem')).toBe(false);
  });

  it('when the sandbox is configured, then exactly its origin is allowed (localhost = 127.0.0.1) and nothing else', () => {
    expect(isAllowedCertUrl('http://127.0.0.1:12112/certs/CERT-sandbox', sandbox)).toBe(true);
    expect(isAllowedCertUrl('http://localhost:12112/certs/CERT-sandbox', sandbox)).toBe(true);
    expect(isAllowedCertUrl('http://127.0.0.1:12113/certs/CERT-sandbox', sandbox)).toBe(false);
    expect(isAllowedCertUrl('https://127.0.0.1:12112/certs/CERT-sandbox', sandbox)).toBe(false);
    expect(isAllowedCertUrl('http://10.0.0.1:12112/certs/CERT-sandbox', sandbox)).toBe(false);
    expect(isAllowedCertUrl('http://evil.example:12112/certs', sandbox)).toBe(false);
    // paypal.com stays allowed next to the sandbox
    expect(isAllowedCertUrl('https://api.paypal.com/v1/notifications/certs/CERT-1', sandbox)).toBe(true);
  });
});

describe('PayPal webhook verification with the real simulator deliveries', () => {
  it('when each recorded delivery is checked at its time, then its signature verifies and the event is read', async () => {
    const { verifier, fetchCert } = simulatorVerifier();
    for (const d of simulator.deliveries) {
      const event = await verifier.verify(Buffer.from(d.raw_body, 'utf8'), d.headers);
      const body = JSON.parse(d.raw_body) as { id: string };
      expect(event).toMatchObject({ provider: 'paypal', id: body.id, type: d.event_type });
      expect(Number.isNaN(event.createdAt.getTime())).toBe(false);
    }
    // One download for all six deliveries: the certificate is cached by URL.
    expect(fetchCert).toHaveBeenCalledTimes(1);
  });

  it('when the event create_time is an impossible date, then createdAt falls back to the transmission time', async () => {
    const { verifier } = simulatorVerifier();
    const d = simulator.deliveries.find((x) => x.raw_body.includes('"2018-19-12T'));
    expect(d).toBeDefined();
    const event = await verifier.verify(Buffer.from(d!.raw_body), d!.headers);
    expect(event.createdAt).toEqual(new Date(d!.headers['paypal-transmission-time']));
  });

  it('when the certificate has expired by now, then a recorded delivery is rejected', async () => {
    const { verifier } = simulatorVerifier(new Date('2025-06-01T00:00:00Z'));
    const d = simulator.deliveries[0];
    await expect(verifier.verify(Buffer.from(d.raw_body), d.headers)).rejects.toThrow(/not valid at this time/);
  });

  it('when the body, transmission id, time or webhook id differ from what was signed, then it is rejected', async () => {
    const { verifier } = simulatorVerifier();
    const d = simulator.deliveries.find((x) => x.event_type === 'PAYMENT.CAPTURE.COMPLETED')!;
    const changedBody = d.raw_body.replace('"30.00"', '"3000.00"');
    expect(changedBody).not.toBe(d.raw_body);
    await expect(verifier.verify(Buffer.from(changedBody), d.headers)).rejects.toBeInstanceOf(WebhookVerificationError);
    await expect(
      verifier.verify(Buffer.from(d.raw_body), {
        ...d.headers,
        'paypal-transmission-id': '00000000-5106-11ef-9a30-157053fd3e43',
      }),
    ).rejects.toBeInstanceOf(WebhookVerificationError);
    await expect(
      verifier.verify(Buffer.from(d.raw_body), { ...d.headers, 'paypal-transmission-time': '2024-08-02T19:33:36Z' }),
    ).rejects.toBeInstanceOf(WebhookVerificationError);
    const otherWebhook = new PayPalWebhookVerifier({
      webhookId: '8PT597110X687430LKGECATA',
      fetchCert: async () => simulator.cert_pem,
      now: () => august2024,
    });
    await expect(otherWebhook.verify(Buffer.from(d.raw_body), d.headers)).rejects.toBeInstanceOf(
      WebhookVerificationError,
    );
  });

  it('when the signature is missing, not base64 of a signature, or from another delivery, then it is rejected', async () => {
    const { verifier } = simulatorVerifier();
    const [a, b] = simulator.deliveries;
    const withoutSig = Object.fromEntries(Object.entries(a.headers).filter(([k]) => k !== 'paypal-transmission-sig'));
    await expect(verifier.verify(Buffer.from(a.raw_body), withoutSig)).rejects.toThrow(/Missing/);
    await expect(
      verifier.verify(Buffer.from(a.raw_body), { ...a.headers, 'paypal-transmission-sig': 'AAAA' }),
    ).rejects.toBeInstanceOf(WebhookVerificationError);
    await expect(
      verifier.verify(Buffer.from(a.raw_body), {
        ...a.headers,
        'paypal-transmission-sig': b.headers['paypal-transmission-sig'],
      }),
    ).rejects.toBeInstanceOf(WebhookVerificationError);
  });

  it('when the cert URL is not allow-listed, then it is rejected without downloading anything', async () => {
    const { verifier, fetchCert } = simulatorVerifier();
    const d = simulator.deliveries[0];
    for (const url of [
      'http://api.paypal.com/v1/notifications/certs/CERT-1',
      'https://paypal.com.evil.example/cert',
      'https://evil.example/cert',
    ]) {
      await expect(verifier.verify(Buffer.from(d.raw_body), { ...d.headers, 'paypal-cert-url': url })).rejects.toThrow(
        /not on an allowed host/,
      );
    }
    expect(fetchCert).not.toHaveBeenCalled();
  });

  it('when the algorithm header names something else, then it is rejected', async () => {
    const { verifier } = simulatorVerifier();
    const d = simulator.deliveries[0];
    await expect(
      verifier.verify(Buffer.from(d.raw_body), { ...d.headers, 'paypal-auth-algo': 'SHA1withRSA' }),
    ).rejects.toBeInstanceOf(WebhookVerificationError);
  });

  it('when a transmission age cap is set, then an old delivery is rejected and a recent one accepted', async () => {
    const d = simulator.deliveries[0];
    const sent = new Date(d.headers['paypal-transmission-time']);
    const make = (now: Date) =>
      new PayPalWebhookVerifier({
        webhookId: 'WEBHOOK_ID',
        fetchCert: async () => simulator.cert_pem,
        now: () => now,
        maxTransmissionAgeSeconds: 600,
      });
    await expect(
      make(new Date(sent.getTime() + 60_000)).verify(Buffer.from(d.raw_body), d.headers),
    ).resolves.toMatchObject({ type: d.event_type });
    await expect(make(new Date(sent.getTime() + 3_600_000)).verify(Buffer.from(d.raw_body), d.headers)).rejects.toThrow(
      /transmission time/,
    );
  });
});

describe('PayPal webhook verification with a freshly generated key pair (sandbox origin)', () => {
  const sandbox = new URL('http://127.0.0.1:12112');
  const certUrl = 'http://localhost:12112/v1/notifications/certs/CERT-sandbox';
  const cert = makeSelfSignedCertificate({
    commonName: 'sandbox.paypal.local',
    notBefore: new Date('2024-01-01T00:00:00Z'),
    notAfter: new Date('2030-01-01T00:00:00Z'),
  });
  const body = JSON.stringify({
    id: 'WH-SANDBOX-1',
    event_version: '1.0',
    create_time: '2026-01-05T10:00:00.000Z',
    resource_type: 'capture',
    event_type: 'PAYMENT.CAPTURE.COMPLETED',
    resource: { id: 'CAP1', status: 'COMPLETED', amount: { currency_code: 'EUR', value: '49.00' }, custom_id: 'pay_1' },
  });

  function signed(raw: string, webhookId = 'WH-SANDBOX-ID', key = cert.privateKey) {
    const transmissionId = 'a3b1c2d4-0000-11ef-9a30-157053fd3e43';
    const transmissionTime = '2026-01-05T10:00:01Z';
    const signature = sign(
      'sha256',
      Buffer.from(`${transmissionId}|${transmissionTime}|${webhookId}|${crc32(Buffer.from(raw))}`),
      key,
    );
    return {
      'paypal-transmission-id': transmissionId,
      'paypal-transmission-time': transmissionTime,
      'paypal-transmission-sig': signature.toString('base64'),
      'paypal-cert-url': certUrl,
      'paypal-auth-algo': 'SHA256withRSA',
      'paypal-auth-version': 'v2',
    };
  }

  const verifier = (options: { sandboxBase?: URL; now?: Date; pem?: string } = {}) =>
    new PayPalWebhookVerifier({
      webhookId: 'WH-SANDBOX-ID',
      sandboxBase: 'sandboxBase' in options ? options.sandboxBase : sandbox,
      fetchCert: async () => options.pem ?? cert.pem,
      now: () => options.now ?? new Date('2026-01-05T10:00:02Z'),
    });

  it('when the sandbox signs a delivery with its key and serves its cert from its own origin, then it verifies', async () => {
    await expect(verifier().verify(Buffer.from(body), signed(body))).resolves.toMatchObject({
      provider: 'paypal',
      id: 'WH-SANDBOX-1',
      type: 'PAYMENT.CAPTURE.COMPLETED',
      createdAt: new Date('2026-01-05T10:00:00.000Z'),
    });
  });

  it('when the same delivery arrives but no sandbox is configured, then its cert URL is refused', async () => {
    await expect(verifier({ sandboxBase: undefined }).verify(Buffer.from(body), signed(body))).rejects.toThrow(
      /allowed host/,
    );
  });

  it('when the body changed, the webhook id differs, or another key signed, then it is rejected', async () => {
    const other = makeSelfSignedCertificate({
      commonName: 'x',
      notBefore: new Date('2024-01-01'),
      notAfter: new Date('2030-01-01'),
    });
    await expect(verifier().verify(Buffer.from(body.replace('49.00', '4.90')), signed(body))).rejects.toBeInstanceOf(
      WebhookVerificationError,
    );
    await expect(verifier().verify(Buffer.from(body), signed(body, 'OTHER-WEBHOOK'))).rejects.toBeInstanceOf(
      WebhookVerificationError,
    );
    await expect(
      verifier().verify(Buffer.from(body), signed(body, 'WH-SANDBOX-ID', other.privateKey)),
    ).rejects.toBeInstanceOf(WebhookVerificationError);
  });

  it('when the clock is outside the cert validity, then it is rejected', async () => {
    await expect(
      verifier({ now: new Date('2031-01-01T00:00:00Z') }).verify(Buffer.from(body), signed(body)),
    ).rejects.toThrow(/not valid/);
    await expect(
      verifier({ now: new Date('2023-06-01T00:00:00Z') }).verify(Buffer.from(body), signed(body)),
    ).rejects.toThrow(/not valid/);
  });

  it('when a paypal.com URL serves a certificate not issued to a paypal.com name, then it is rejected', async () => {
    const v = new PayPalWebhookVerifier({
      webhookId: 'WH-SANDBOX-ID',
      fetchCert: async () => cert.pem,
      now: () => new Date('2026-01-05T10:00:02Z'),
    });
    const headers = { ...signed(body), 'paypal-cert-url': 'https://api.paypal.com/v1/notifications/certs/CERT-x' };
    await expect(v.verify(Buffer.from(body), headers)).rejects.toThrow(/paypal\.com name/);
  });

  it('when the certificate cannot be downloaded, then a transient failure is unavailable (502, retry) and a bad one a verification error, neither cached', async () => {
    let calls = 0;
    const flaky = new PayPalWebhookVerifier({
      webhookId: 'WH-SANDBOX-ID',
      sandboxBase: sandbox,
      now: () => new Date('2026-01-05T10:00:02Z'),
      fetchCert: async () => {
        calls++;
        if (calls === 1) throw new CertificateUnavailableError('ECONNREFUSED');
        if (calls === 2) return 'not a certificate';
        return cert.pem;
      },
    });
    const transient: unknown = await flaky.verify(Buffer.from(body), signed(body)).catch((e: unknown) => e);
    expect(transient).toBeInstanceOf(ProviderError);
    expect(transient).toMatchObject({ kind: 'unavailable', code: 'provider_unavailable' });
    await expect(flaky.verify(Buffer.from(body), signed(body))).rejects.toBeInstanceOf(WebhookVerificationError);
    await expect(flaky.verify(Buffer.from(body), signed(body))).resolves.toMatchObject({ id: 'WH-SANDBOX-1' });
    await expect(flaky.verify(Buffer.from(body), signed(body))).resolves.toMatchObject({ id: 'WH-SANDBOX-1' });
    expect(calls).toBe(3);
  });

  it('when a validly signed body is not a PayPal event, then it is rejected', async () => {
    const notEvent = '{"hello":"world"}';
    await expect(verifier().verify(Buffer.from(notEvent), signed(notEvent))).rejects.toThrow(/not an event/);
  });
});
