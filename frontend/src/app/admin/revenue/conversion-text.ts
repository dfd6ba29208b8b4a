import { RevenueReport } from '../admin-models';

export type ConversionRate = NonNullable<RevenueReport['converted']>['rates'][number];

/** "1 JPY = 0.005533 EUR (ecb, from 2026-11-30)", saying when it is the inverse of the stored rate. */
export function conversionText(rate: ConversionRate): string {
  const inverse = rate.inverted ? `, the inverse of the stored ${rate.to} → ${rate.from} rate` : '';
  return `1 ${rate.from} = ${rate.rate} ${rate.to} (${rate.source}, from ${rate.validFrom.slice(0, 10)}${inverse})`;
}

/** Every rate a converted total used, as one sentence. */
export function conversionsText(rates: readonly ConversionRate[]): string {
  return `${rates.map(conversionText).join('; ')}.`;
}
