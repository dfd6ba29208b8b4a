/**
 * Sales tax (VAT) on a price: one configured rate, prices either including it or having it added.
 * Rates are basis points (20 % = 2000, 7.7 % = 770) so no float ever touches money; each line
 * is rounded once, half up.
 */
export interface TaxRule {
  rateBasisPoints: number;
  pricesIncludeTax: boolean;
}

export interface TaxedAmount {
  net: number;
  tax: number;
  gross: number;
}

const BASIS = 10_000n;

/** a × b / c rounded half up, for non-negative integers (exact: BigInt). */
function mulDivRound(a: number, b: number, c: bigint): number {
  const numerator = BigInt(a) * BigInt(b) * 2n + c;
  return Number(numerator / (2n * c));
}

/**
 * The tax inside a gross amount (prices include tax): tax = gross × r / (1 + r), rounded once;
 * net is what is left, so net + tax = gross exactly.
 */
export function taxIncluded(gross: number, rateBasisPoints: number): TaxedAmount {
  const tax = rateBasisPoints === 0 ? 0 : mulDivRound(gross, rateBasisPoints, BASIS + BigInt(rateBasisPoints));
  return { net: gross - tax, tax, gross };
}

/**
 * The tax added to a net amount, rounded once, half up, to `step` minor units (the step the
 * currency's providers take, so the gross can be charged as is).
 */
export function taxAdded(net: number, rateBasisPoints: number, step = 1): TaxedAmount {
  const exact = rateBasisPoints === 0 ? 0 : mulDivRound(net, rateBasisPoints, BASIS * BigInt(step));
  const tax = exact * step;
  return { net, tax, gross: net + tax };
}

/** The price a buyer pays and the tax in it, for a catalog price under `rule`. */
export function taxPrice(price: number, rule: TaxRule, step = 1): TaxedAmount {
  return rule.pricesIncludeTax ? taxIncluded(price, rule.rateBasisPoints) : taxAdded(price, rule.rateBasisPoints, step);
}

/**
 * The share of `tax` in `gross` that goes with refunding `before`..`after` of it: each credit note
 * takes the difference of the rounded cumulative shares, so the credit notes of a fully refunded
 * sale add up to its tax exactly, however many there are.
 */
export function taxShare(taxed: TaxedAmount, before: number, after: number): number {
  if (taxed.gross === 0) return 0;
  const cumulative = (refunded: number) => mulDivRound(refunded, taxed.tax, BigInt(taxed.gross));
  return cumulative(after) - cumulative(before);
}

/** "20", "7.7", "0": the rate as printed. */
export function ratePercent(rateBasisPoints: number): string {
  const whole = Math.trunc(rateBasisPoints / 100);
  const fraction = String(rateBasisPoints % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** Parses "20", "7.7", "5.55" (0 to 100, at most two decimals) into basis points. */
export function parseRatePercent(value: string): number | undefined {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!match) return undefined;
  const points = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return points <= 10_000 ? points : undefined;
}
