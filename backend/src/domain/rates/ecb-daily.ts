import { isKnownCurrency } from '../money/currencies';
import { normalizeRate, rateProblem } from './exchange-rate';
import { parseStrictXml, XmlError, type XmlElement } from './strict-xml';

/**
 * The ECB's daily euro foreign exchange reference rates (eurofxref-daily.xml):
 *
 *   <gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01"
 *                    xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
 *     <gesmes:subject>Reference rates</gesmes:subject> ...
 *     <Cube><Cube time='2026-11-27'><Cube currency='USD' rate='1.1587'/> ...</Cube></Cube>
 *   </gesmes:Envelope>
 *
 * One major unit of EUR buys `rate` units of `currency`. The daily file has exactly one dated
 * Cube; the history files (several dates) are refused rather than half-read.
 */
export const ECB_NAMESPACE = 'http://www.ecb.int/vocabulary/2002-08-01/eurofxref';
export const ECB_BASE = 'EUR';

export interface EcbDailyRates {
  /** The reference date, YYYY-MM-DD. */
  date: string;
  /** EUR -> currency, normalized decimal strings, in file order. */
  rates: Map<string, string>;
  /** Codes in the file that our ISO 4217 table does not know (left out). */
  skipped: string[];
}

export class EcbFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EcbFormatError';
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseEcbDaily(xml: string): EcbDailyRates {
  let root: XmlElement;
  try {
    root = parseStrictXml(xml);
  } catch (error) {
    if (error instanceof XmlError) throw new EcbFormatError(`not readable XML: ${error.message}`);
    throw error;
  }
  if (localName(root.name) !== 'Envelope')
    throw new EcbFormatError(`root element is <${root.name}>, not an ECB Envelope`);
  if (root.attributes.get('xmlns') !== ECB_NAMESPACE) {
    throw new EcbFormatError(`the default namespace is not the ECB eurofxref vocabulary (${ECB_NAMESPACE})`);
  }
  const outer = only(
    root.children.filter((e) => e.name === 'Cube'),
    'a Cube element under the Envelope',
  );
  const dated = only(outer.children, 'exactly one dated Cube (the daily file, not the history)');
  const date = dated.attributes.get('time');
  if (dated.name !== 'Cube' || !date || !isCalendarDate(date)) {
    throw new EcbFormatError(
      `the dated Cube needs time='YYYY-MM-DD', got ${date === undefined ? 'none' : `'${date}'`}`,
    );
  }

  const rates = new Map<string, string>();
  const skipped: string[] = [];
  for (const cube of dated.children) {
    const currency = cube.attributes.get('currency');
    const rate = cube.attributes.get('rate');
    if (cube.name !== 'Cube' || currency === undefined || rate === undefined || cube.attributes.size !== 2) {
      throw new EcbFormatError(`expected <Cube currency='…' rate='…'/> inside the dated Cube, got <${cube.name}>`);
    }
    if (!/^[A-Z]{3}$/.test(currency)) throw new EcbFormatError(`'${currency}' is not a currency code`);
    if (currency === ECB_BASE) throw new EcbFormatError('EUR cannot be quoted against itself');
    if (rates.has(currency) || skipped.includes(currency)) throw new EcbFormatError(`${currency} appears twice`);
    const problem = rateProblem(rate);
    if (problem) throw new EcbFormatError(`rate '${rate}' for ${currency} ${problem}`);
    if (isKnownCurrency(currency)) rates.set(currency, normalizeRate(rate));
    else skipped.push(currency);
  }
  if (rates.size === 0) throw new EcbFormatError('the file lists no rates');
  return { date, rates, skipped };
}

function only(elements: XmlElement[], what: string): XmlElement {
  if (elements.length !== 1) throw new EcbFormatError(`expected ${what}, found ${elements.length}`);
  return elements[0];
}

function localName(name: string): string {
  return name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
}

function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
