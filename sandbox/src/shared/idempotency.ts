/** A response as it went out, kept so a retried request gets exactly the same answer. */
export interface StoredResponse {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export type IdempotencyCheck =
  { kind: 'new' } | { kind: 'replay'; response: StoredResponse } | { kind: 'mismatch' } | { kind: 'in_flight' };

interface Entry {
  fingerprint: string;
  response: StoredResponse | null;
}

/**
 * Key → first response. Both providers use it (Stripe `Idempotency-Key`, PayPal `PayPal-Request-Id`);
 * each decides what a mismatch or an in-flight duplicate looks like on the wire.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  begin(key: string, fingerprint: string): IdempotencyCheck {
    const entry = this.entries.get(key);
    if (!entry) {
      this.entries.set(key, { fingerprint, response: null });
      return { kind: 'new' };
    }
    if (entry.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (!entry.response) return { kind: 'in_flight' };
    return { kind: 'replay', response: entry.response };
  }

  /** Stores the first response, or forgets the key when the provider would not have kept it. */
  finish(key: string, response: StoredResponse | null): void {
    if (response) this.entries.set(key, { fingerprint: this.entries.get(key)?.fingerprint ?? '', response });
    else this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
