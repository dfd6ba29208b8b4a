import { conversionText, conversionsText } from './conversion-text';

describe('conversionText', () => {
  const rate = { from: 'JPY', to: 'EUR', rate: '0.005533', source: 'ecb', validFrom: '2026-11-30T00:00:00.000Z' };

  it('when a stored rate was used, then it reads as one unit of the currency in the report currency, with source and date', () => {
    expect(conversionText({ ...rate, inverted: false })).toBe('1 JPY = 0.005533 EUR (ecb, from 2026-11-30)');
  });

  it('when the rate is the inverse of the stored one, then it says so', () => {
    expect(conversionText({ ...rate, inverted: true })).toBe(
      '1 JPY = 0.005533 EUR (ecb, from 2026-11-30, the inverse of the stored EUR → JPY rate)',
    );
  });

  it('when several rates were used, then they make one sentence', () => {
    expect(
      conversionsText([
        { ...rate, inverted: false },
        { ...rate, from: 'GBP', rate: '1.15', inverted: false },
      ]),
    ).toBe('1 JPY = 0.005533 EUR (ecb, from 2026-11-30); 1 GBP = 1.15 EUR (ecb, from 2026-11-30).');
  });
});
