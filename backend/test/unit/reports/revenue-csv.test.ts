import { csvField, revenueCsv } from '../../../src/domain/reports/revenue-csv';
import { buildRevenue } from '../../../src/domain/reports/revenue-figures';

describe('revenue CSV', () => {
  it('when written, then there is a row per period and currency, in major units with the decimals of each currency', () => {
    const periods = ['2026-11', '2026-12'];
    const currencies = buildRevenue(
      [
        { period: '2026-12', currency: 'USD', gross: 4900, refunds: 0, disputesLost: 0, count: 1 },
        { period: '2026-11', currency: 'JPY', gross: 7500, refunds: 0, disputesLost: 0, count: 1 },
        { period: '2026-12', currency: 'KWD', gross: 1234, refunds: 5, disputesLost: 0, count: 1 },
        { period: '2026-12', currency: 'JPY', gross: 0, refunds: 7500, disputesLost: 0, count: 0 },
      ],
      periods,
    );
    expect(revenueCsv(currencies, periods)).toBe(
      [
        'period,currency,gross,refunds,disputes_lost,net,count',
        '2026-11,JPY,7500,0,0,7500,1',
        '2026-11,KWD,0.000,0.000,0.000,0.000,0',
        '2026-11,USD,0.00,0.00,0.00,0.00,0',
        '2026-12,JPY,0,7500,0,-7500,0',
        '2026-12,KWD,1.234,0.005,0.000,1.229,1',
        '2026-12,USD,49.00,0.00,0.00,49.00,1',
        '',
      ].join('\r\n'),
    );
  });

  it('when there is nothing to report, then only the header is written', () => {
    expect(revenueCsv([], ['2026-12-01'])).toBe('period,currency,gross,refunds,disputes_lost,net,count\r\n');
  });

  it('when a field holds a comma, a quote or a line break, then it is quoted with quotes doubled', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });
});
