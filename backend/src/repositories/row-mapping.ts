import { money, type Money } from '../domain/money';

/**
 * Checked conversions from PostgreSQL rows to domain values. `bigint` columns arrive as strings;
 * an amount beyond JavaScript's safe integers is refused rather than silently rounded.
 */
export function moneyFromRow(amount: string | number, currency: string): Money {
  return money(minorUnitsFromRow(amount), currency.trim());
}

export function minorUnitsFromRow(value: string | number): number {
  const text = String(value);
  if (!/^-?\d+$/.test(text)) throw new RangeError(`Not a whole number of minor units: '${text}'`);
  const big = BigInt(text);
  if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`Amount ${text} is beyond the safe integer range`);
  }
  return Number(big);
}

export function isoTime(value: Date | string): string {
  return new Date(value).toISOString();
}

export function isoTimeOrNull(value: Date | string | null): string | null {
  return value === null ? null : isoTime(value);
}

/** numeric columns come back padded ("0.921500000000"); trailing zeros carry no meaning. */
export function normalizeDecimal(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}
