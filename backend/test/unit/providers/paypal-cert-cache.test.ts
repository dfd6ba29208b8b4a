import { X509Certificate } from 'node:crypto';
import { CertificateCache } from '../../../src/providers/paypal/paypal-cert-cache';
import { makeSelfSignedCertificate } from './test-certificate';

const cert = (notAfter: string) =>
  new X509Certificate(
    makeSelfSignedCertificate({
      commonName: 'messageverificationcerts.paypal.com',
      notBefore: new Date('2024-01-01T00:00:00Z'),
      notAfter: new Date(notAfter),
    }).pem,
  );

describe('PayPal certificate cache', () => {
  const longLived = cert('2030-01-01T00:00:00Z');

  it('when more URLs are loaded than it holds, then it keeps the most recently used ones only', async () => {
    const cache = new CertificateCache(3, () => new Date('2026-01-01T00:00:00Z'));
    const load = jest.fn(async () => longLived);
    for (const url of ['a', 'b', 'c']) await cache.get(url, load);
    await cache.get('a', load); // a is now the most recently used: b goes next
    await cache.get('d', load);
    expect(cache.size).toBe(3);
    expect(load).toHaveBeenCalledTimes(4);
    await cache.get('a', load);
    await cache.get('c', load);
    expect(load).toHaveBeenCalledTimes(4);
    await cache.get('b', load);
    expect(load).toHaveBeenCalledTimes(5);
    expect(cache.size).toBe(3);
  });

  it('when a certificate passes its notAfter, then it is loaded again', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const cache = new CertificateCache(16, () => now);
    const load = jest.fn(async () => cert('2026-06-01T00:00:00Z'));
    await cache.get('a', load);
    await cache.get('a', load);
    expect(load).toHaveBeenCalledTimes(1);
    now = new Date('2026-06-02T00:00:00Z');
    await cache.get('a', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('when concurrent deliveries ask for one URL, then it is loaded once; a failed load is forgotten', async () => {
    const cache = new CertificateCache();
    let release: (c: X509Certificate) => void = () => undefined;
    const load = jest.fn(() => new Promise<X509Certificate>((resolve) => (release = resolve)));
    const both = Promise.all([cache.get('a', load), cache.get('a', load)]);
    release(longLived);
    await both;
    expect(load).toHaveBeenCalledTimes(1);

    const failing = jest.fn(async (): Promise<X509Certificate> => {
      throw new Error('down');
    });
    await expect(cache.get('b', failing)).rejects.toThrow('down');
    await expect(cache.get('b', failing)).rejects.toThrow('down');
    expect(failing).toHaveBeenCalledTimes(2);
  });
});
