import fc from 'fast-check';
import {
  parseRatePercent,
  ratePercent,
  taxAdded,
  taxIncluded,
  taxPrice,
  taxShare,
} from '../../../src/domain/invoices/tax';

describe('sales tax', () => {
  it('when prices include 20 % tax, then the tax is worked out of the price, rounded once, half up', () => {
    expect(taxIncluded(4900, 2000)).toEqual({ net: 4083, tax: 817, gross: 4900 }); // 816.67
    expect(taxIncluded(600, 2000)).toEqual({ net: 500, tax: 100, gross: 600 });
    expect(taxIncluded(7500, 1000)).toEqual({ net: 6818, tax: 682, gross: 7500 }); // 681.8 yen
    expect(taxIncluded(3, 5000)).toEqual({ net: 2, tax: 1, gross: 3 }); // exactly 1
  });

  it('when prices exclude tax, then it is added on top, rounded once to the step the providers take', () => {
    expect(taxAdded(4083, 2000)).toEqual({ net: 4083, tax: 817, gross: 4900 }); // 816.6
    expect(taxAdded(1025, 2000)).toEqual({ net: 1025, tax: 205, gross: 1230 });
    // HUF on PayPal moves in whole forints (100 minor units): 27 % of 1,990 Ft is 537.3 Ft -> 537 Ft
    expect(taxAdded(199_000, 2700, 100)).toEqual({ net: 199_000, tax: 53_700, gross: 252_700 });
    expect(taxPrice(4083, { rateBasisPoints: 2000, pricesIncludeTax: false })).toEqual(taxAdded(4083, 2000));
    expect(taxPrice(4900, { rateBasisPoints: 2000, pricesIncludeTax: true })).toEqual(taxIncluded(4900, 2000));
  });

  it('when the rate is 0, then there is no tax either way', () => {
    expect(taxIncluded(4900, 0)).toEqual({ net: 4900, tax: 0, gross: 4900 });
    expect(taxAdded(4900, 0, 100)).toEqual({ net: 4900, tax: 0, gross: 4900 });
  });

  it('when amounts are beyond float precision, then the split is still exact', () => {
    const gross = Number.MAX_SAFE_INTEGER;
    const { net, tax } = taxIncluded(gross, 2000);
    expect(BigInt(net) + BigInt(tax)).toBe(BigInt(gross));
    expect(BigInt(tax)).toBe((BigInt(gross) * 2000n * 2n + 12000n) / 24000n);
  });

  it('when any amount is split, then net + tax = gross and the tax is within half a unit of exact', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 0, max: 10_000 }), (gross, bp) => {
        const { net, tax } = taxIncluded(gross, bp);
        const exact = (gross * bp) / (10_000 + bp);
        return net + tax === gross && Math.abs(tax - exact) <= 0.5 + 1e-6 && tax >= 0 && net >= 0;
      }),
    );
  });

  it('when a sale is refunded in any number of parts, then the parts of its tax add up to the tax exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 ** 9 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 12 }),
        (gross, bp, weights) => {
          const taxed = taxIncluded(gross, bp);
          const total = weights.reduce((a, b) => a + b, 0);
          // Refund parts proportional to the weights, the last one taking what is left.
          let refunded = 0;
          let taxBack = 0;
          weights.forEach((w, i) => {
            const part = i === weights.length - 1 ? gross - refunded : Math.floor((gross * w) / total);
            taxBack += taxShare(taxed, refunded, refunded + part);
            refunded += part;
          });
          return refunded === gross && taxBack === taxed.tax;
        },
      ),
    );
  });

  it('when rates are written as percentages, then they parse to basis points and print back', () => {
    expect(parseRatePercent('20')).toBe(2000);
    expect(parseRatePercent('7.7')).toBe(770);
    expect(parseRatePercent('5.55')).toBe(555);
    expect(parseRatePercent('0')).toBe(0);
    expect(parseRatePercent('100')).toBe(10_000);
    for (const bad of ['', '-1', '100.01', '7.777', '1e2', '20%', ' 2 0', 'abc'])
      expect(parseRatePercent(bad)).toBeUndefined();
    expect([ratePercent(2000), ratePercent(770), ratePercent(555), ratePercent(0), ratePercent(5)]).toEqual([
      '20',
      '7.7',
      '5.55',
      '0',
      '0.05',
    ]);
  });
});
