import { sign } from 'node:crypto';
import zlib from 'node:zlib';
import { ProviderError } from '../../../src/errors/provider-error';
import { WebhookVerificationError } from '../../../src/providers/payment-provider';
import { CertificateUnavailableError } from '../../../src/providers/paypal/paypal-cert-fetch';
import { certOrigin, pinnedCertUrl } from '../../../src/providers/paypal/paypal-cert-url';
import { crc32, PayPalWebhookVerifier } from '../../../src/providers/paypal/paypal-webhooks';
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
const sentAt = (d: { headers: Record<string, string> }) => new Date(d.headers['paypal-transmission-time']);
const inAMinute = (d: { headers: Record<string, string> }) => new Date(sentAt(d).getTime() + 60_000);

/** A live verifier for the simulator's deliveries; `clock.now` is the time the verifier sees. */
function simulatorVerifier(
  clock: { now: Date } = { now: inAMinute(simulator.deliveries[0]) },
  fetchCert = jest.fn(async (url: string) => {
    if (url !== simulator.cert_url) throw new Error(`unexpected cert url ${url}`);
    return simulator.cert_pem;
  }),
) {
  const verifier = new PayPalWebhookVerifier({
    webhookId: simulator.webhook_id_for_simulator_events,
    env: 'live',
    fetchCert,
    now: () => clock.now,
  });
  return { verifier, fetchCert, clock };
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

describe('PayPal certificate URL pin', () => {
  const live = certOrigin({ env: 'live' });
  const sandbox = certOrigin({ env: 'sandbox' });
  const offline = certOrigin({ env: 'sandbox', apiBase: new URL('http://127.0.0.1:12112/ignored/path') });

  it('when the environment is live or sandbox, then the pinned origin is api.paypal.com or api.sandbox.paypal.com; an API base overrides both', () => {
    expect(live.href).toBe('https://api.paypal.com/');
    expect(sandbox.href).toBe('https://api.sandbox.paypal.com/');
    expect(offline.href).toBe('http://127.0.0.1:12112/');
    expect(certOrigin({ env: 'live', apiBase: new URL('http://127.0.0.1:1') }).href).toBe('http://127.0.0.1:1/');
  });

  it("when the URL is the pinned host's certificate path, then the URL to fetch is rebuilt from the pinned origin", () => {
    expect(
      pinnedCertUrl('https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1a5f47cb', live)?.href,
    ).toBe('https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1a5f47cb');
    expect(pinnedCertUrl('https://api.sandbox.paypal.com/v1/notifications/certs/CERT-1', sandbox)?.href).toBe(
      'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-1',
    );
    // The offline sandbox hands out localhost URLs; what is fetched is still its configured origin.
    expect(pinnedCertUrl('http://localhost:12112/v1/notifications/certs/CERT-sandbox-1a2b', offline)?.href).toBe(
      'http://127.0.0.1:12112/v1/notifications/certs/CERT-sandbox-1a2b',
    );
  });

  it('when the URL is on another host, on http, on another path, with a port, user info, a query or dot segments, then it is refused', () => {
    for (const url of [
      'http://api.paypal.com/v1/notifications/certs/CERT-1',
      'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-1',
      'https://api-m.paypal.com/v1/notifications/certs/CERT-1',
      'https://www.paypal.com/v1/notifications/certs/CERT-1',
      'https://messageverificationcerts.paypal.com/v1/notifications/certs/CERT-1',
      'https://evil.example/v1/notifications/certs/CERT-1',
      'https://api.paypal.com.evil.example/v1/notifications/certs/CERT-1',
      'https://api.paypal.com/cert',
      'https://api.paypal.com/v1/oauth2/token',
      'https://api.paypal.com/v1/notifications/certs/',
      'https://api.paypal.com/v1/notifications/certs/CERT-1/',
      'https://api.paypal.com/v1/notifications/certs/a/b',
      'https://api.paypal.com/v1/notifications/certs/../../v2/checkout/orders',
      'https://api.paypal.com/v1/notifications/certs/%2e%2e/%2e%2e/v1/oauth2/token',
      'https://api.paypal.com/v1/notifications/certs/CERT-%31',
      'https://api.paypal.com/V1/notifications/certs/CERT-1',
      'https://API.PAYPAL.COM/v1/notifications/certs/CERT-1',
      'https://api.paypal.com:8443/v1/notifications/certs/CERT-1',
      'https://api.paypal.com:443/v1/notifications/certs/CERT-1',
      'https://user:pw@api.paypal.com/v1/notifications/certs/CERT-1',
      'https://api.paypal.com@evil.example/v1/notifications/certs/CERT-1',
      'https://evil.example\\@api.paypal.com/v1/notifications/certs/CERT-1',
      'https://api.paypal.com/v1/notifications/certs/CERT-1?redirect=https://evil.example',
      'https://api.paypal.com/v1/notifications/certs/CERT-1?',
      'https://api.paypal.com/v1/notifications/certs/CERT-1#x',
      ' https://api.paypal.com/v1/notifications/certs/CERT-1',
      'not a url',
    ]) {
      expect({ url, pinned: pinnedCertUrl(url, live) }).toEqual({ url, pinned: undefined });
    }
  });

  it('when an API base is configured, then only its origin is accepted: not PayPal, not another port or scheme', () => {
    for (const url of [
      'https://api.paypal.com/v1/notifications/certs/CERT-1',
      'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-1',
      'http://127.0.0.1:12113/v1/notifications/certs/CERT-1',
      'https://127.0.0.1:12112/v1/notifications/certs/CERT-1',
      'http://10.0.0.1:12112/v1/notifications/certs/CERT-1',
      'http://evil.example:12112/v1/notifications/certs/CERT-1',
      'http://127.0.0.1:12112/_sandbox/config',
      'http://127.0.0.1:12112/v1/notifications/certs/CERT-1?x=1',
    ]) {
      expect({ url, pinned: pinnedCertUrl(url, offline) }).toEqual({ url, pinned: undefined });
    }
  });
});

describe('PayPal webhook verification with the real simulator deliveries', () => {
  it('when each recorded delivery is checked a minute after it was sent, then its signature verifies and the event is read', async () => {
    const { verifier, fetchCert, clock } = simulatorVerifier();
    for (const d of simulator.deliveries) {
      clock.now = inAMinute(d);
      const event = await verifier.verify(Buffer.from(d.raw_body, 'utf8'), d.headers);
      const body = JSON.parse(d.raw_body) as { id: string };
      expect(event).toMatchObject({
        provider: 'paypal',
        id: body.id,
        type: d.event_type,
        transmissionId: d.headers['paypal-transmission-id'],
      });
      expect(Number.isNaN(event.createdAt.getTime())).toBe(false);
    }
    // One download for all six deliveries: the certificate is cached by URL.
    expect(fetchCert).toHaveBeenCalledTimes(1);
  });

  it('when the event create_time is an impossible date, then createdAt falls back to the transmission time', async () => {
    const d = simulator.deliveries.find((x) => x.raw_body.includes('"2018-19-12T'));
    expect(d).toBeDefined();
    const { verifier } = simulatorVerifier({ now: inAMinute(d!) });
    const event = await verifier.verify(Buffer.from(d!.raw_body), d!.headers);
    expect(event.createdAt).toEqual(sentAt(d!));
  });

  it('when the transmission time is more than the tolerance from now, either way, then it is refused before any certificate download', async () => {
    const d = simulator.deliveries[0];
    const at = (ms: number) => ({ now: new Date(sentAt(d).getTime() + ms) });
    for (const ms of [-600_000, 0, 600_000]) {
      await expect(
        simulatorVerifier(at(ms)).verifier.verify(Buffer.from(d.raw_body), d.headers),
      ).resolves.toMatchObject({ type: d.event_type });
    }
    for (const ms of [601_000, 3_600_000, 400 * 86_400_000, -601_000, -86_400_000]) {
      const { verifier, fetchCert } = simulatorVerifier(at(ms));
      await expect(verifier.verify(Buffer.from(d.raw_body), d.headers)).rejects.toThrow(/transmission time/);
      expect(fetchCert).not.toHaveBeenCalled();
    }
  });

  it('when the tolerance is configured, then that window applies instead of 10 minutes', async () => {
    const d = simulator.deliveries[0];
    const verifier = (toleranceSeconds: number) =>
      new PayPalWebhookVerifier({
        webhookId: simulator.webhook_id_for_simulator_events,
        env: 'live',
        fetchCert: async () => simulator.cert_pem,
        now: () => new Date(sentAt(d).getTime() + 120_000),
        toleranceSeconds,
      });
    await expect(verifier(60).verify(Buffer.from(d.raw_body), d.headers)).rejects.toThrow(/transmission time/);
    await expect(verifier(180).verify(Buffer.from(d.raw_body), d.headers)).resolves.toMatchObject({
      type: d.event_type,
    });
  });

  it('when the transmission time is not a time, then it is refused', async () => {
    const d = simulator.deliveries[0];
    const { verifier } = simulatorVerifier();
    for (const time of ['yesterday', '2024-19-02T19:35:04Z', '1722627304']) {
      await expect(
        verifier.verify(Buffer.from(d.raw_body), { ...d.headers, 'paypal-transmission-time': time }),
      ).rejects.toThrow(/transmission time/);
    }
  });

  it('when the certificate has expired by now, then a delivery is rejected', async () => {
    const d = simulator.deliveries[0];
    const expired = new Date('2025-06-01T00:00:00Z');
    const verifier = new PayPalWebhookVerifier({
      webhookId: simulator.webhook_id_for_simulator_events,
      env: 'live',
      fetchCert: async () => simulator.cert_pem,
      now: () => expired,
      // Wide enough to reach the certificate check with a 2024 delivery.
      toleranceSeconds: 400 * 86_400,
    });
    await expect(verifier.verify(Buffer.from(d.raw_body), d.headers)).rejects.toThrow(/not valid at this time/);
  });

  it('when the body, transmission id, time or webhook id differ from what was signed, then it is rejected', async () => {
    const d = simulator.deliveries.find((x) => x.event_type === 'PAYMENT.CAPTURE.COMPLETED')!;
    const { verifier } = simulatorVerifier({ now: inAMinute(d) });
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
      env: 'live',
      fetchCert: async () => simulator.cert_pem,
      now: () => inAMinute(d),
    });
    await expect(otherWebhook.verify(Buffer.from(d.raw_body), d.headers)).rejects.toBeInstanceOf(
      WebhookVerificationError,
    );
  });

  it('when a header is missing, the signature is not base64 of a signature, or from another delivery, then it is rejected', async () => {
    const { verifier } = simulatorVerifier();
    const [a, b] = simulator.deliveries;
    const without = (name: string) => Object.fromEntries(Object.entries(a.headers).filter(([k]) => k !== name));
    for (const name of [
      'paypal-transmission-id',
      'paypal-transmission-time',
      'paypal-transmission-sig',
      'paypal-cert-url',
      'paypal-auth-algo',
    ]) {
      await expect(verifier.verify(Buffer.from(a.raw_body), without(name))).rejects.toThrow(/Missing/);
    }
    await expect(
      verifier.verify(Buffer.from(a.raw_body), { ...a.headers, 'paypal-transmission-sig': 'AAAA' }),
    ).rejects.toBeInstanceOf(WebhookVerificationError);
    await expect(
      verifier.verify(Buffer.from(a.raw_body), {
        ...a.headers,
        'paypal-transmission-sig': b.headers['paypal-transmission-sig'],
      }),
    ).rejects.toBeInstanceOf(WebhookVerificationError);
    await expect(
      verifier.verify(Buffer.from(a.raw_body), { ...a.headers, 'paypal-transmission-id': 'a|b' }),
    ).rejects.toThrow(/transmission id/);
  });

  it('when the cert URL is not the pinned certificate path, then it is rejected without downloading anything', async () => {
    const { verifier, fetchCert } = simulatorVerifier();
    const d = simulator.deliveries[0];
    for (const url of [
      'http://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1a5f47cb',
      'https://www.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1a5f47cb',
      'https://api.paypal.com/v1/oauth2/token',
      'https://api.paypal.com:8443/v1/notifications/certs/CERT-360caa42-fca2a594-1a5f47cb',
      'https://user@api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1a5f47cb',
      'https://paypal.com.evil.example/cert',
    ]) {
      await expect(verifier.verify(Buffer.from(d.raw_body), { ...d.headers, 'paypal-cert-url': url })).rejects.toThrow(
        /pinned certificate host/,
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
});

describe('PayPal webhook verification with a freshly generated key pair (offline sandbox origin)', () => {
  const apiBase = new URL('http://127.0.0.1:12112');
  const certUrl = 'http://localhost:12112/v1/notifications/certs/CERT-sandbox';
  const validity = { notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2030-01-01T00:00:00Z') };
  const cert = makeSelfSignedCertificate({ commonName: 'messageverificationcerts.paypal.com', ...validity });
  const body = JSON.stringify({
    id: 'WH-SANDBOX-1',
    event_version: '1.0',
    create_time: '2026-01-05T10:00:00.000Z',
    resource_type: 'capture',
    event_type: 'PAYMENT.CAPTURE.COMPLETED',
    resource: { id: 'CAP1', status: 'COMPLETED', amount: { currency_code: 'EUR', value: '49.00' }, custom_id: 'pay_1' },
  });
  const sent = '2026-01-05T10:00:01Z';

  function signed(
    raw: string,
    { webhookId = 'WH-SANDBOX-ID', key = cert.privateKey, time = sent, url = certUrl } = {},
  ): Record<string, string> {
    const transmissionId = 'a3b1c2d4-0000-11ef-9a30-157053fd3e43';
    const signature = sign(
      'sha256',
      Buffer.from(`${transmissionId}|${time}|${webhookId}|${crc32(Buffer.from(raw))}`),
      key,
    );
    return {
      'paypal-transmission-id': transmissionId,
      'paypal-transmission-time': time,
      'paypal-transmission-sig': signature.toString('base64'),
      'paypal-cert-url': url,
      'paypal-auth-algo': 'SHA256withRSA',
      'paypal-auth-version': 'v2',
    };
  }

  const verifier = (
    options: { apiBase?: URL; now?: Date; pem?: string; fetchCert?: (url: string) => Promise<string> } = {},
  ) =>
    new PayPalWebhookVerifier({
      webhookId: 'WH-SANDBOX-ID',
      env: 'sandbox',
      apiBase: 'apiBase' in options ? options.apiBase : apiBase,
      fetchCert: options.fetchCert ?? (async () => options.pem ?? cert.pem),
      now: () => options.now ?? new Date('2026-01-05T10:00:02Z'),
    });

  it('when the sandbox signs a delivery with its key and serves its cert from its own origin, then it verifies, fetched from the configured origin', async () => {
    const fetchCert = jest.fn(async () => cert.pem);
    await expect(verifier({ fetchCert }).verify(Buffer.from(body), signed(body))).resolves.toMatchObject({
      provider: 'paypal',
      id: 'WH-SANDBOX-1',
      type: 'PAYMENT.CAPTURE.COMPLETED',
      createdAt: new Date('2026-01-05T10:00:00.000Z'),
      transmissionId: 'a3b1c2d4-0000-11ef-9a30-157053fd3e43',
    });
    expect(fetchCert).toHaveBeenCalledWith('http://127.0.0.1:12112/v1/notifications/certs/CERT-sandbox');
  });

  it('when the same delivery arrives but no API base is configured, then its cert URL is refused', async () => {
    await expect(verifier({ apiBase: undefined }).verify(Buffer.from(body), signed(body))).rejects.toThrow(
      /pinned certificate host/,
    );
  });

  it('when the certificate served by the pinned origin is not issued to PayPal’s signing name, then it is refused there too', async () => {
    const other = makeSelfSignedCertificate({ commonName: 'sandbox.paypal.local', ...validity });
    const headers = signed(body, { key: other.privateKey });
    await expect(verifier({ pem: other.pem }).verify(Buffer.from(body), headers)).rejects.toThrow(/signing name/);
    const live = new PayPalWebhookVerifier({
      webhookId: 'WH-SANDBOX-ID',
      env: 'live',
      fetchCert: async () => other.pem,
      now: () => new Date('2026-01-05T10:00:02Z'),
    });
    const onPayPal = { ...headers, 'paypal-cert-url': 'https://api.paypal.com/v1/notifications/certs/CERT-x' };
    await expect(live.verify(Buffer.from(body), onPayPal)).rejects.toThrow(/signing name/);
  });

  it('when live PayPal serves a certificate with the sandbox name, then live refuses it and the sandbox environment takes it', async () => {
    const sandboxName = makeSelfSignedCertificate({
      commonName: 'messageverificationcerts.sandbox.paypal.com',
      ...validity,
    });
    const headers = (host: string) =>
      signed(body, { key: sandboxName.privateKey, url: `https://${host}/v1/notifications/certs/CERT-x` });
    const make = (env: 'live' | 'sandbox') =>
      new PayPalWebhookVerifier({
        webhookId: 'WH-SANDBOX-ID',
        env,
        fetchCert: async () => sandboxName.pem,
        now: () => new Date('2026-01-05T10:00:02Z'),
      });
    await expect(make('live').verify(Buffer.from(body), headers('api.paypal.com'))).rejects.toThrow(/signing name/);
    await expect(make('sandbox').verify(Buffer.from(body), headers('api.sandbox.paypal.com'))).resolves.toMatchObject({
      id: 'WH-SANDBOX-1',
    });
  });

  it('when the body changed, the webhook id differs, or another key signed, then it is rejected', async () => {
    const other = makeSelfSignedCertificate({ commonName: 'x', ...validity });
    await expect(verifier().verify(Buffer.from(body.replace('49.00', '4.90')), signed(body))).rejects.toBeInstanceOf(
      WebhookVerificationError,
    );
    await expect(
      verifier().verify(Buffer.from(body), signed(body, { webhookId: 'OTHER-WEBHOOK' })),
    ).rejects.toBeInstanceOf(WebhookVerificationError);
    await expect(verifier().verify(Buffer.from(body), signed(body, { key: other.privateKey }))).rejects.toBeInstanceOf(
      WebhookVerificationError,
    );
  });

  it('when the clock is outside the cert validity, then it is rejected', async () => {
    const at = (iso: string) => ({ now: new Date(iso), headers: signed(body, { time: iso.replace('.000', '') }) });
    for (const { now, headers } of [at('2031-01-01T00:00:00.000Z'), at('2023-06-01T00:00:00.000Z')]) {
      await expect(verifier({ now }).verify(Buffer.from(body), headers)).rejects.toThrow(/not valid/);
    }
  });

  it('when the certificate cannot be downloaded, then a transient failure is unavailable (502, retry) and a bad one a verification error, neither cached', async () => {
    let calls = 0;
    const flaky = verifier({
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

  it('when deliveries name more certificates than the cache holds, then it stays bounded and drops the least recently used', async () => {
    const fetchCert = jest.fn(async () => cert.pem);
    const v = verifier({ fetchCert });
    const deliver = (n: number) =>
      v.verify(Buffer.from(body), signed(body, { url: `http://localhost:12112/v1/notifications/certs/CERT-${n}` }));
    for (let n = 1; n <= 40; n++) await deliver(n);
    expect(v.cachedCertificates).toBe(16);
    expect(fetchCert).toHaveBeenCalledTimes(40);
    await deliver(40);
    expect(fetchCert).toHaveBeenCalledTimes(40);
    await deliver(1);
    expect(fetchCert).toHaveBeenCalledTimes(41);
    expect(v.cachedCertificates).toBe(16);
  });

  it('when a validly signed body is not a PayPal event, then it is rejected', async () => {
    const notEvent = '{"hello":"world"}';
    await expect(verifier().verify(Buffer.from(notEvent), signed(notEvent))).rejects.toThrow(/not an event/);
  });
});
