import { parseRate } from '../money/exchange';
import { RATE_DIGITS, normalizeRate } from './exchange-rate';

/**
 * Cross rates from rates against one anchor currency (the ECB publishes EUR -> X only).
 *
 * rate(B -> Q) = rate(EUR -> Q) / rate(EUR -> B), and rate(B -> EUR) = 1 / rate(EUR -> B).
 * The quotient is computed exactly on integers and rounded once, half up, to 12 decimal places
 * (the scale rates are stored with). A rounding error below 5e-13 per major unit moves no price
 * by a minor unit below 10^9 major units. A quotient that rounds to zero, or that needs more than
 * 12 digits before the point, cannot be stored and is left out.
 */
export function crossRate(anchorToBase: string, anchorToQuote: string): string | undefined {
  const b = parseRate(anchorToBase);
  const q = parseRate(anchorToQuote);
  // (q.n / q.d) / (b.n / b.d) = q.n * b.d / (q.d * b.n)
  return fixedDecimal(q.numerator * b.denominator, q.denominator * b.numerator);
}

/** 1 / rate, rounded the same way. */
export function inverseRate(rate: string): string | undefined {
  const r = parseRate(rate);
  return fixedDecimal(r.denominator, r.numerator);
}

export interface DerivedRate {
  base: string;
  quote: string;
  rate: string;
}

/**
 * Every rate needed to convert from each of `bases`: anchor -> X as given, and B -> X (X the
 * anchor or any other listed currency) for each base B that the anchor list quotes.
 */
export function deriveRates(
  anchor: string,
  anchorRates: ReadonlyMap<string, string>,
  bases: readonly string[],
): DerivedRate[] {
  const out: DerivedRate[] = [];
  for (const [quote, rate] of anchorRates) out.push({ base: anchor, quote, rate: normalizeRate(rate) });
  for (const base of new Set(bases)) {
    const anchorToBase = anchorRates.get(base);
    if (base === anchor || anchorToBase === undefined) continue;
    const toAnchor = inverseRate(anchorToBase);
    if (toAnchor) out.push({ base, quote: anchor, rate: toAnchor });
    for (const [quote, anchorToQuote] of anchorRates) {
      if (quote === base) continue;
      const rate = crossRate(anchorToBase, anchorToQuote);
      if (rate) out.push({ base, quote, rate });
    }
  }
  return out;
}

const SCALE = 10n ** BigInt(RATE_DIGITS);

function fixedDecimal(numerator: bigint, denominator: bigint): string | undefined {
  const scaled = (numerator * SCALE * 2n + denominator) / (denominator * 2n);
  if (scaled === 0n) return undefined;
  const digits = scaled.toString().padStart(RATE_DIGITS + 1, '0');
  const whole = digits.slice(0, -RATE_DIGITS);
  if (whole.length > RATE_DIGITS) return undefined;
  return normalizeRate(`${whole}.${digits.slice(-RATE_DIGITS)}`);
}
