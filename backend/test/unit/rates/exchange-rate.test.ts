import fc from 'fast-check';
import { crossRate, deriveRates, inverseRate } from '../../../src/domain/rates/cross-rates';
import { isStale, normalizeRate, pairProblem, rateProblem } from '../../../src/domain/rates/exchange-rate';

describe('rate validation', () => {
  it.each(['1', '0.9215', '151.37', '123456789012.123456789012', '0.000000000001', '1.50000'])(
    'when the rate is %p, then it is accepted',
    (rate) => expect(rateProblem(rate)).toBeUndefined(),
  );

  it.each([
    ['0', /positive/],
    ['0.000', /positive/],
    ['-1.2', /plain decimal/],
    ['1e3', /plain decimal/],
    ['1,5', /plain decimal/],
    ['.5', /plain decimal/],
    ['1234567890123', /12 digits before/],
    ['1.1234567890123', /12 digits after/],
    ['', /plain decimal/],
  ])('when the rate is %p, then it is refused', (rate, message) => {
    expect(rateProblem(rate)).toMatch(message);
  });

  it('when a rate has leading or trailing zeros, then its canonical spelling drops them', () => {
    expect(normalizeRate('001.500')).toBe('1.5');
    expect(normalizeRate('0.9215')).toBe('0.9215');
    expect(normalizeRate('147.00')).toBe('147');
  });

  it('when a pair is checked, then unknown, lower-case and identical codes are refused', () => {
    expect(pairProblem('USD', 'EUR')).toBeUndefined();
    expect(pairProblem('usd', 'EUR')).toMatch(/base/);
    expect(pairProblem('USD', 'XYZ')).toMatch(/quote/);
    expect(pairProblem('EUR', 'EUR')).toMatch(/differ/);
  });

  it('when a rate came into force more than the maximum age ago, then it is stale', () => {
    const now = new Date('2026-12-01T08:00:00Z');
    expect(isStale(new Date('2026-11-24T08:00:00Z'), now, 7)).toBe(false);
    expect(isStale(new Date('2026-11-24T07:59:59Z'), now, 7)).toBe(true);
    expect(isStale(new Date('2026-11-30T00:00:00Z'), now, 0)).toBe(true);
  });
});

describe('cross rates', () => {
  it('when deriving USD -> JPY from EUR rates, then it is EUR->JPY / EUR->USD rounded half up to 12 decimals', () => {
    // 180.72 / 1.1564 = 156.278104462123832... -> 156.278104462124
    expect(crossRate('1.1564', '180.72')).toBe('156.278104462124');
    // 1 / 1.1564 = 0.864752680733310...
    expect(inverseRate('1.1564')).toBe('0.864752680733');
    expect(crossRate('2', '1')).toBe('0.5');
  });

  it('when a quotient rounds to zero or needs more than 12 whole digits, then it is left out', () => {
    expect(crossRate('999999999999', '0.000000000001')).toBeUndefined();
    expect(crossRate('0.000000000001', '999999999999')).toBeUndefined();
  });

  it('when deriving from an anchor list, then anchor rates, inverses and crosses for each base are produced once', () => {
    const rates = deriveRates(
      'EUR',
      new Map([
        ['USD', '1.1564'],
        ['JPY', '180.72'],
        ['GBP', '0.87615'],
      ]),
      ['USD', 'USD', 'EUR', 'CHF'],
    );
    const pairs = rates.map((r) => `${r.base}>${r.quote}`);
    expect(pairs).toEqual(['EUR>USD', 'EUR>JPY', 'EUR>GBP', 'USD>EUR', 'USD>JPY', 'USD>GBP']);
    expect(rates.find((r) => r.base === 'USD' && r.quote === 'GBP')?.rate).toBe('0.757653061224');
  });

  it('when any pair is crossed, then the stored rate is within half of the 12th decimal of the exact quotient', () => {
    const fourDecimals = fc.integer({ min: 1, max: 999_999_999 });
    const spell = (n: number) => `${Math.floor(n / 10_000)}.${String(n % 10_000).padStart(4, '0')}`;
    fc.assert(
      fc.property(fourDecimals, fourDecimals, (a, b) => {
        const stored = crossRate(spell(a), spell(b))!;
        const [whole, fraction = ''] = stored.split('.');
        const scaled = BigInt(whole + fraction.padEnd(12, '0')); // stored * 10^12
        // |stored - b/a| <= 0.5e-12  <=>  2 * |scaled * a - b * 10^12| <= a
        const error = scaled * BigInt(a) - BigInt(b) * 10n ** 12n;
        expect(2n * (error < 0n ? -error : error) <= BigInt(a)).toBe(true);
      }),
    );
  });
});
