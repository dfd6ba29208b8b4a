import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EcbFormatError, parseEcbDaily } from '../../../src/domain/rates/ecb-daily';

const FIXTURE = readFileSync(path.join(__dirname, '../../fixtures/ecb/eurofxref-daily-2026-11-30.xml'), 'utf8');

const envelope = (cubes: string, namespace = 'http://www.ecb.int/vocabulary/2002-08-01/eurofxref') =>
  `<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="${namespace}">
  <gesmes:subject>Reference rates</gesmes:subject>
  <Cube>${cubes}</Cube>
</gesmes:Envelope>`;

describe('ECB daily reference rates', () => {
  it('when reading the shipped ECB file, then its date and every rate come out exactly', () => {
    const parsed = parseEcbDaily(FIXTURE);
    expect(parsed.date).toBe('2026-11-30');
    expect(parsed.rates.size).toBe(29);
    expect(parsed.rates.get('USD')).toBe('1.1564');
    expect(parsed.rates.get('JPY')).toBe('180.72');
    expect(parsed.rates.get('ISK')).toBe('147.6');
    expect(parsed.rates.get('IDR')).toBe('19286.42');
    expect(parsed.rates.has('EUR')).toBe(false);
    expect(parsed.skipped).toEqual([]);
  });

  it('when reading a file the ECB published (25 February 2021), then every one of its 32 rates comes out as published', () => {
    const published = readFileSync(path.join(__dirname, '../../fixtures/ecb/eurofxref-daily-2021-02-25.xml'), 'utf8');
    const parsed = parseEcbDaily(published);
    expect(parsed.date).toBe('2021-02-25');
    expect(parsed.rates.size + parsed.skipped.length).toBe(32);
    expect(parsed.rates.get('USD')).toBe('1.2225');
    expect(parsed.rates.get('GBP')).toBe('0.86408');
    expect(parsed.rates.get('IDR')).toBe('17352.1');
    expect(parsed.rates.get('KRW')).toBe('1359.14');
  });

  it('when a code is not in our ISO table, then it is skipped and reported, not stored', () => {
    const parsed = parseEcbDaily(
      envelope(`<Cube time='2026-11-30'><Cube currency='USD' rate='1.1'/><Cube currency='XYZ' rate='2'/></Cube>`),
    );
    expect([...parsed.rates.keys()]).toEqual(['USD']);
    expect(parsed.skipped).toEqual(['XYZ']);
  });

  it.each([
    [
      'a DOCTYPE with an entity (billion laughs)',
      `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><gesmes:Envelope xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref"><Cube><Cube time='2026-11-30'><Cube currency='USD' rate='&lol;'/></Cube></Cube></gesmes:Envelope>`,
      /DOCTYPE/,
    ],
    [
      'an external entity reference',
      envelope(`<Cube time='2026-11-30'><Cube currency='USD' rate='&xxe;'/></Cube>`),
      /entity &xxe;/,
    ],
    [
      'a CDATA section',
      envelope(`<![CDATA[x]]><Cube time='2026-11-30'><Cube currency='USD' rate='1'/></Cube>`),
      /CDATA/,
    ],
    [
      'a processing instruction',
      envelope(`<?php echo 1 ?><Cube time='2026-11-30'><Cube currency='USD' rate='1'/></Cube>`),
      /processing/,
    ],
    [
      'another namespace',
      envelope(`<Cube time='2026-11-30'><Cube currency='USD' rate='1'/></Cube>`, 'urn:other'),
      /namespace/,
    ],
    [
      'the history format (two dates)',
      envelope(
        `<Cube time='2026-11-30'><Cube currency='USD' rate='1'/></Cube><Cube time='2026-11-27'><Cube currency='USD' rate='1'/></Cube>`,
      ),
      /exactly one dated Cube/,
    ],
    ['no date', envelope(`<Cube><Cube currency='USD' rate='1'/></Cube>`), /time=/],
    ['an impossible date', envelope(`<Cube time='2026-02-30'><Cube currency='USD' rate='1'/></Cube>`), /time=/],
    ['a negative rate', envelope(`<Cube time='2026-11-30'><Cube currency='USD' rate='-1.1'/></Cube>`), /plain decimal/],
    ['a zero rate', envelope(`<Cube time='2026-11-30'><Cube currency='USD' rate='0.0000'/></Cube>`), /positive/],
    [
      'a rate with 13 decimals',
      envelope(`<Cube time='2026-11-30'><Cube currency='USD' rate='1.1234567890123'/></Cube>`),
      /12 digits/,
    ],
    [
      'a duplicate currency',
      envelope(`<Cube time='2026-11-30'><Cube currency='USD' rate='1'/><Cube currency='USD' rate='2'/></Cube>`),
      /twice/,
    ],
    ['EUR against itself', envelope(`<Cube time='2026-11-30'><Cube currency='EUR' rate='1'/></Cube>`), /itself/],
    [
      'an extra attribute',
      envelope(`<Cube time='2026-11-30'><Cube currency='USD' rate='1' note='x'/></Cube>`),
      /expected <Cube/,
    ],
    ['no rates', envelope(`<Cube time='2026-11-30'></Cube>`), /no rates/],
    [
      'unclosed elements',
      `<gesmes:Envelope xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref"><Cube>`,
      /not closed/,
    ],
    ['mismatched tags', `<a><b></a></b>`, /closing tag/],
    ['JSON', `{"USD": 1.1}`, /text outside/],
    ['an empty body', '', /no root/],
    ['a non-UTF-8 encoding', `<?xml version="1.0" encoding="ISO-8859-1"?><a/>`, /encoding/],
  ])('when the body has %s, then it is refused with a reason', (_what, xml, message) => {
    expect(() => parseEcbDaily(xml)).toThrow(EcbFormatError);
    expect(() => parseEcbDaily(xml)).toThrow(message);
  });
});
