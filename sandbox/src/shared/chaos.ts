/**
 * Hostile webhook delivery on demand, the way providers behave on a bad day. Off by default.
 *
 * Env / CLI format (`SANDBOX_CHAOS`): comma-separated `key=value` pairs, e.g.
 *   SANDBOX_CHAOS="duplicate=0.3,reorder=0.5,delay=0-2000,timeout=0.2,seed=42"
 * `SANDBOX_CHAOS=on` (or `1`, `true`) enables a moderate preset; `off`/empty disables.
 */
export interface ChaosOptions {
  /** Share (0..1) of events delivered twice or more. */
  duplicateRate?: number;
  /** Share (0..1) of events held back so later events overtake them. */
  reorderRate?: number;
  /** Random extra delay added to every delivery, in ms (inclusive range). */
  delayMs?: [number, number];
  /** Share (0..1) of attempts that are sent but then treated as timed out, so they are retried. */
  timeoutRate?: number;
  /** Seed for the random choices, so a failing chaos run can be replayed. */
  seed?: number;
}

export const CHAOS_PRESET: ChaosOptions = {
  duplicateRate: 0.3,
  reorderRate: 0.3,
  delayMs: [0, 300],
  timeoutRate: 0.2,
};

function rate(value: string, key: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new Error(`SANDBOX_CHAOS: ${key} must be between 0 and 1, got "${value}"`);
  return n;
}

export function parseChaos(spec: string | undefined): ChaosOptions | null {
  const text = (spec ?? '').trim();
  if (text === '' || /^(off|0|false|no)$/i.test(text)) return null;
  if (/^(on|1|true|yes)$/i.test(text)) return { ...CHAOS_PRESET };
  const out: ChaosOptions = {};
  for (const part of text.split(',')) {
    const [rawKey, rawValue = ''] = part.split('=').map((s) => s.trim());
    switch (rawKey) {
      case 'duplicate':
        out.duplicateRate = rate(rawValue, rawKey);
        break;
      case 'reorder':
        out.reorderRate = rate(rawValue, rawKey);
        break;
      case 'timeout':
        out.timeoutRate = rate(rawValue, rawKey);
        break;
      case 'delay': {
        const [lo, hi = lo] = rawValue.split('-').map(Number);
        if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo < 0 || hi < lo) {
          throw new Error(`SANDBOX_CHAOS: delay must look like 0-2000, got "${rawValue}"`);
        }
        out.delayMs = [lo, hi];
        break;
      }
      case 'seed':
        out.seed = Number(rawValue);
        break;
      default:
        throw new Error(`SANDBOX_CHAOS: unknown key "${rawKey}" (use duplicate, reorder, delay, timeout, seed)`);
    }
  }
  return out;
}

/** Validates a JSON body sent to `POST /_sandbox/chaos`. */
export function chaosFromJson(body: unknown): ChaosOptions | null {
  if (body === null || body === undefined || body === false) return null;
  if (body === true) return { ...CHAOS_PRESET };
  if (typeof body !== 'object' || Array.isArray(body)) throw new Error('chaos must be an object, true or null');
  const b = body as Record<string, unknown>;
  const out: ChaosOptions = {};
  if (b.duplicateRate !== undefined) out.duplicateRate = rate(String(b.duplicateRate), 'duplicateRate');
  if (b.reorderRate !== undefined) out.reorderRate = rate(String(b.reorderRate), 'reorderRate');
  if (b.timeoutRate !== undefined) out.timeoutRate = rate(String(b.timeoutRate), 'timeoutRate');
  if (b.delayMs !== undefined) {
    const d = b.delayMs;
    if (!Array.isArray(d) || d.length !== 2 || !d.every((x) => typeof x === 'number' && x >= 0) || d[1] < d[0]) {
      throw new Error('delayMs must be [min, max] in ms');
    }
    out.delayMs = [d[0], d[1]];
  }
  if (typeof b.seed === 'number') out.seed = b.seed;
  return out;
}

/** Small seeded PRNG (mulberry32): reproducible chaos without a dependency. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
