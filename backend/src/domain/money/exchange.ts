import { currencyExponent } from './currencies';
import { InvalidMoneyError, money, type Money } from './money';

/** A rate as stored: at most 12 digits before and 12 after the point (numeric(24, 12)). */
const RATE = /^(\d{1,12})(?:\.(\d{1,12}))?$/;

export type Rounding = 'half_up' | 'up';

export interface ConversionOptions {
  /** The result is a multiple of this many minor units of the target (default 1). */
  step?: number;
  /**
   * `half_up` (prices: to the nearest step, halves away from zero) or `up` (minimums: never
   * less than the exact value).
   */
  rounding?: Rounding;
}

/** A positive decimal rate as an exact fraction; throws for anything else. */
export function parseRate(rate: string): { numerator: bigint; denominator: bigint } {
  const match = RATE.exec(rate);
  if (!match || !/[1-9]/.test(rate)) throw new InvalidMoneyError(`Invalid exchange rate '${rate}'`);
  const [, whole, fraction = ''] = match;
  return { numerator: BigInt(whole + fraction), denominator: 10n ** BigInt(fraction.length) };
}

/**
 * Converts with a stored rate: `rate` is how many major units of `toCurrency` one major unit
 * of the source currency buys, as a decimal string ("0.9215"). The arithmetic is exact
 * (BigInt); the result is rounded once, to a multiple of `step` minor units of the target.
 */
export function convertMoney(
  source: Money,
  toCurrency: string,
  rate: string,
  { step = 1, rounding = 'half_up' }: ConversionOptions = {},
): Money {
  const { numerator: rateNumerator, denominator: rateDenominator } = parseRate(rate);
  if (!Number.isSafeInteger(step) || step < 1) throw new InvalidMoneyError(`Invalid price step ${step}`);

  const scale = currencyExponent(toCurrency) - currencyExponent(source.currency);
  let numerator = BigInt(source.amount) * rateNumerator;
  let denominator = rateDenominator;
  if (scale >= 0) numerator *= 10n ** BigInt(scale);
  else denominator *= 10n ** BigInt(-scale);

  const bigStep = BigInt(step);
  const steps =
    rounding === 'up' ? ceilDiv(numerator, denominator * bigStep) : roundHalfUp(numerator, denominator * bigStep);
  const amount = steps * bigStep;
  if (amount > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InvalidMoneyError(`Converted amount is too large for ${toCurrency}`);
  }
  return money(Number(amount), toCurrency);
}

/** Rounds a non-negative fraction to the nearest integer, halves away from zero. */
function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

function ceilDiv(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator - 1n) / denominator;
}
