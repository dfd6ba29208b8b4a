import type { X509Certificate } from 'node:crypto';

interface Entry {
  cert: Promise<X509Certificate>;
  /** The certificate's notAfter (ms), once it loaded; an expired certificate is dropped. */
  expiresAt?: number;
}

/**
 * PayPal signing certificates by URL: at most `capacity` of them, the least recently used one
 * dropped first, each until its notAfter. A download in flight is shared by the deliveries that
 * wait for it; a failed one is forgotten, so the next delivery tries again.
 */
export class CertificateCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly capacity = 16,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The cached certificate, or `load`'s, which is then cached. */
  get(url: string, load: () => Promise<X509Certificate>): Promise<X509Certificate> {
    const cached = this.entries.get(url);
    if (cached && (cached.expiresAt === undefined || cached.expiresAt > this.now().getTime())) {
      // Most recently used goes last: a Map iterates in insertion order.
      this.entries.delete(url);
      this.entries.set(url, cached);
      return cached.cert;
    }
    this.entries.delete(url);
    const entry: Entry = { cert: load() };
    this.entries.set(url, entry);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    entry.cert.then(
      (cert) => {
        entry.expiresAt = new Date(cert.validTo).getTime();
      },
      () => {
        if (this.entries.get(url) === entry) this.entries.delete(url);
      },
    );
    return entry.cert;
  }
}
