import { currencyExponent, priceIncrement } from './currencies';
import { InvalidMoneyError, money, type Money } from './money';

const RATE = /^(\d{1,12})(?:\.(\d{1,12}))?$/;

/**
 * Converts with a stored rate: `rate` is how many major units of `toCurrency` one major unit
 * of the source currency buys, as a decimal string ("0.9215"). The arithmetic is exact
 * (BigInt); the result is rounded once, half up, to the target's price increment
 * (one minor unit, or ten for three-decimal currencies).
 */
export function convertMoney(source: Money, toCurrency: string, rate: string): Money {
  const match = RATE.exec(rate);
  if (!match || !/[1-9]/.test(rate)) throw new InvalidMoneyError(`Invalid exchange rate '${rate}'`);
  const [, whole, fraction = ''] = match;
  const rateNumerator = BigInt(whole + fraction);
  const rateDenominator = 10n ** BigInt(fraction.length);

  const scale = currencyExponent(toCurrency) - currencyExponent(source.currency);
  let numerator = BigInt(source.amount) * rateNumerator;
  let denominator = rateDenominator;
  if (scale >= 0) numerator *= 10n ** BigInt(scale);
  else denominator *= 10n ** BigInt(-scale);

  const step = BigInt(priceIncrement(toCurrency));
  const steps = roundHalfUp(numerator, denominator * step);
  const amount = steps * step;
  if (amount > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InvalidMoneyError(`Converted amount is too large for ${toCurrency}`);
  }
  return money(Number(amount), toCurrency);
}

/** Rounds a non-negative fraction to the nearest integer, halves away from zero. */
function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}
