import fc from 'fast-check';
import { fieldsOf, patternOf, type JsonSchema } from './route-requests';

/**
 * fast-check arbitraries for the values in a request: junk strings that have broken parsers
 * before, and values drawn from a field's JSON Schema (near-valid, so requests get past
 * validation into the services, or of the wrong type). Ids are not values but references
 * (`IdRef`) resolved at run time against what the database holds, so a resource made by an
 * earlier request can be named by a later one.
 */

export const ID_SOURCES = ['student', 'otherStudent', 'shared'] as const;
export type IdSource = (typeof ID_SOURCES)[number];

export const ID_KINDS = [
  'payment',
  'paypalOrder',
  'document',
  'subscription',
  'method',
  'setup',
  'course',
  'plan',
  'webhookEvent',
  'email',
  'user',
  /** A `nextCursor` some answer gave (any route's). */
  'cursor',
] as const;
export type IdKind = (typeof ID_KINDS)[number];

/** An id of the database picked when the request is made: the `pick`-th of that source and kind. */
export class IdRef {
  constructor(
    readonly source: IdSource,
    readonly kind: IdKind,
    readonly pick: number,
  ) {}

  [fc.toStringMethod](): string {
    return `id(${this.source}.${this.kind}#${this.pick})`;
  }
}

/** A JSON number written as typed (`1e400`, `-0`), which `JSON.stringify` cannot produce. */
export class RawNumber {
  constructor(readonly text: string) {}

  [fc.toStringMethod](): string {
    return `raw(${this.text})`;
  }
}

// --- Junk -------------------------------------------------------------------------------------

const CONTROL = [
  '\u0000',
  'a\u0000b',
  '\u0001',
  '\b',
  '\t',
  '\n',
  'a\r\nb',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u009f',
];
const UNICODE = [
  'é',
  'ß',
  'İ',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '👩‍💻',
  '\u202eevil',
  '\u200b',
  '\ufeff',
  '\ud800',
  'a\udfffb',
  'ＡＤＭＩＮ',
  'a\u0301',
  '中文',
];
const PATHISH = ['..', '.', '../..', '..%2f..%2fetc%2fpasswd', '/etc/passwd', '..\\..\\', '%2e%2e%2f', '~', '//'];
const SQLISH = ["'", "' OR '1'='1", '1; DROP TABLE users; --', '%', '_', '$1', '\\', "' UNION SELECT NULL--", '"'];
const NUMBERISH = [
  '0',
  '-1',
  '1e309',
  '-0',
  'NaN',
  'Infinity',
  '9007199254740993',
  '99999999999999999999',
  '0x1F',
  ' 1',
];
const DATEISH = ['2026-02-30', '0000-00-00', '9999-12-31', '275760-09-13', '2026-13-01', '2026-01-01T25:00:00Z', 'now'];
const IDISH = [
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
  '1b4e28ba2fa111d2883f0016d3cca427',
  '1b4e28ba-2fa1-11d2-883f-0016d3cca427x',
  '{1b4e28ba-2fa1-11d2-883f-0016d3cca427}',
];
const MISC = [
  '',
  ' ',
  'null',
  'undefined',
  'true',
  '[object Object]',
  '__proto__',
  'constructor',
  '<script>x</script>',
  '${7*7}',
  '%s%n',
];

/** Strings that have broken parsers before: control characters, odd Unicode, paths, SQL, numbers, dates. */
export const junkString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...CONTROL) },
  { weight: 2, arbitrary: fc.constantFrom(...UNICODE) },
  { weight: 2, arbitrary: fc.constantFrom(...PATHISH, ...SQLISH) },
  { weight: 2, arbitrary: fc.constantFrom(...NUMBERISH, ...DATEISH, ...IDISH, ...MISC) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(256), 'é'.repeat(1200), 'a\u0000'.repeat(600)) },
);

/** One character a string field should refuse or store faithfully: control, format, surrogate, NUL. */
const oddCharacter = fc.constantFrom(
  '\u0000',
  '\u0001',
  '\n',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\ud800',
  '😀',
  '\u0301',
);

/** A string with an odd character spliced in at some place. */
function withOddCharacter(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(text, oddCharacter, fc.nat())
    .map(([t, c, at]) => `${t.slice(0, at % (t.length + 1))}${c}${t.slice(at % (t.length + 1))}`);
}

/** Path segments sent exactly as typed: broken percent-encoding, encoded separators and dots. */
export function idRef(kind: IdKind | undefined, shared = false): fc.Arbitrary<IdRef> {
  return fc
    .record({
      source: shared ? fc.constant('shared' as const) : fc.constantFrom(...ID_SOURCES),
      // Mostly the kind the field names, sometimes another kind's id.
      kind: kind
        ? fc.oneof({ weight: 4, arbitrary: fc.constant(kind) }, fc.constantFrom(...ID_KINDS))
        : fc.constantFrom(...ID_KINDS),
      pick: fc.nat(),
    })
    .map(({ source, kind: k, pick }) => new IdRef(source, k, pick));
}

/** Mostly real ids (the kind the parameter names), sometimes a random UUID. */
// --- Values from a JSON Schema ----------------------------------------------------------------

const HUGE_NUMBERS = ['1e400', '-1e400', '9007199254740993', '-9223372036854775809', '1e-400', '-0', '0.1e1', '1E2'];

/** A number within or just past the schema's bounds, or one JSON allows but nothing should accept. */
export function numberFor(schema: JsonSchema): fc.Arbitrary<number | RawNumber> {
  const min = schema.minimum ?? (schema.exclusiveMinimum ?? -1001) + 1;
  const max = Math.min(schema.maximum ?? 1_000_000, Number.MAX_SAFE_INTEGER);
  return fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min, max }) },
    { weight: 1, arbitrary: fc.constantFrom(min - 1, max + 1) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        -1,
        0,
        0.5,
        -0.5,
        Number.MAX_SAFE_INTEGER,
        Number.MAX_SAFE_INTEGER + 2,
        1e308,
        -1e308,
        5e-324,
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom(...HUGE_NUMBERS).map((text) => new RawNumber(text)) },
  );
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Dates around now mostly (reports limit their range), any in this century sometimes, and invalid ones. */
function dateString(schema: JsonSchema): fc.Arbitrary<string> {
  const now = Date.now();
  const recent = fc.date({ min: new Date(now - 60 * DAY_MS), max: new Date(now + 2 * DAY_MS), noInvalidDate: true });
  const any = fc.date({
    min: new Date('1999-01-01T00:00:00Z'),
    max: new Date('2100-01-01T00:00:00Z'),
    noInvalidDate: true,
  });
  const text = (d: Date) => (schema.format === 'date' ? d.toISOString().slice(0, 10) : d.toISOString());
  return fc.oneof(
    { weight: 6, arbitrary: recent.map(text) },
    { weight: 1, arbitrary: any.map(text) },
    { weight: 1, arbitrary: recent.map((d) => d.toISOString().replace('Z', '+13:45')) },
    { weight: 1, arbitrary: fc.constantFrom(...DATEISH) },
  );
}

/** A field of a request: nearly always there when required, about one time in three when optional. */
export function field<T>(value: fc.Arbitrary<T>, required: boolean): fc.Arbitrary<T | null> {
  return fc.oneof(
    { weight: required ? 1 : 2, arbitrary: fc.constant(null) },
    { weight: required ? 12 : 1, arbitrary: value },
  );
}

const CURRENCIES = fc.constantFrom('EUR', 'USD', 'GBP', 'JPY', 'SEK', 'CHF', 'KWD', 'eur', 'XXX', 'ZZZ');

/** Values a field's name calls for that its schema cannot say (a known currency, a decimal rate). */
const FIELD_HINTS: Readonly<Record<string, fc.Arbitrary<string>>> = {
  currency: CURRENCIES,
  base: CURRENCIES,
  quote: CURRENCIES,
  rate: fc.oneof(
    fc.tuple(fc.nat({ max: 200 }), fc.nat({ max: 999_999 })).map(([a, b]) => `${a}.${b}`),
    fc.constantFrom('0', '-1', '1e3', '0.0000001', '99999999999999999999.9', '1,5', ' 1.1'),
  ),
};

/** An address the schema's email check accepts, in odd spellings now and then. */
const emailAddress = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.constantFrom('example.com', 'test.example'))
      .map(([l, d]) => `${l}@${d}`),
  },
  { weight: 1, arbitrary: fc.emailAddress() },
  { weight: 1, arbitrary: fc.emailAddress().map((e) => ` ${e.toUpperCase()} `) },
);

/**
 * A string the schema is likely to accept (its enum, format, pattern or length), a near miss,
 * or one with an odd character spliced in: what a validator lets through reaches the services.
 */
export function stringFor(schema: JsonSchema, kind: IdKind | undefined, name: string): fc.Arbitrary<string | IdRef> {
  if (schema.enum?.length) {
    const values = schema.enum.map(String);
    return fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...values) },
      { weight: 1, arbitrary: fc.constantFrom(...values).map((v) => v.toUpperCase()) },
    );
  }
  const hinted = FIELD_HINTS[name];
  if (hinted)
    return fc.oneof(
      { weight: 3, arbitrary: hinted },
      { weight: 1, arbitrary: fc.string({ maxLength: schema.maxLength ?? 40 }) },
    );
  if (name === 'cursor')
    return fc.oneof(
      { weight: 3, arbitrary: idRef('cursor', true) },
      { weight: 1, arbitrary: fc.base64String({ maxLength: 60 }) },
    );
  if (schema.format === 'uuid') return fc.oneof({ weight: 6, arbitrary: idRef(kind) }, fc.uuid());
  if (schema.format === 'date' || schema.format === 'date-time') return dateString(schema);
  if (schema.format === 'email')
    return fc.oneof({ weight: 4, arbitrary: emailAddress }, { weight: 1, arbitrary: withOddCharacter(emailAddress) });
  const options: fc.WeightedArbitrary<string>[] = [];
  if (schema.pattern) {
    try {
      options.push({
        weight: 4,
        arbitrary: fc.stringMatching(patternOf(schema.pattern)).filter((s) => s.length <= 300),
      });
    } catch {
      // A pattern fast-check cannot generate from: lengths and junk only.
    }
  }
  const maxLength = schema.maxLength ?? 40;
  const plain = fc.string({ minLength: Math.max(schema.minLength ?? 0, 1), maxLength: Math.min(maxLength, 40) });
  options.push({ weight: 4, arbitrary: plain });
  options.push({ weight: 2, arbitrary: withOddCharacter(plain) });
  options.push({ weight: 1, arbitrary: fc.constantFrom('x'.repeat(maxLength), 'x'.repeat(maxLength + 1)) });
  return fc.oneof(...options);
}

const wrongValue = fc.oneof(
  junkString,
  fc.constantFrom(null, true, false, 0, -1, [], {}, [null], { $gt: '' }),
  fc.jsonValue({ maxDepth: 2 }),
);

/**
 * A value for a schema: near-valid (its enum, format, pattern, bounds and a step past them);
 * `wild`, sometimes of another type altogether and with keys the schema does not know.
 */
export function valueFor(schema: JsonSchema, wild: boolean, name = ''): fc.Arbitrary<unknown> {
  const near = validishValue(schema, name, wild);
  return wild ? fc.oneof({ weight: 4, arbitrary: near }, { weight: 1, arbitrary: wrongValue }) : near;
}

function validishValue(schema: JsonSchema, name: string, wild: boolean): fc.Arbitrary<unknown> {
  const kind = idKindOfField(name);
  if (schema.anyOf?.length) return fc.oneof(...schema.anyOf.map((s) => validishValue(s, name, wild)));
  switch (schema.type) {
    case 'object':
      return objectFor(schema, wild);
    case 'array': {
      const item = valueFor(schema.items ?? {}, wild, name);
      return fc.oneof(
        { weight: 5, arbitrary: fc.array(item, { maxLength: 3 }) },
        // Past maxItems, for the one body that takes a list.
        {
          weight: 1,
          arbitrary: fc
            .constant((schema.maxItems ?? 3) + 1)
            .chain((n) => fc.array(item, { minLength: n, maxLength: n })),
        },
      );
    }
    case 'integer':
    case 'number':
      return numberFor(schema);
    case 'boolean':
      return fc.boolean();
    case 'string':
      return stringFor(schema, kind, name);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

export function idKindOfField(name: string): IdKind | undefined {
  return name === 'userId' ? 'user' : name === 'paymentMethodId' ? 'method' : undefined;
}

/** Some of the schema's fields (the required ones mostly present); `wild`, sometimes a key it does not know. */
function objectFor(schema: JsonSchema, wild: boolean): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.entries(fieldsOf(schema));
  const required = new Set(schema.required ?? []);
  const entries = fields.map(([name, schemaOfField]) =>
    field(
      valueFor(schemaOfField, wild, name).map((value) => [name, value] as const),
      required.has(name),
    ),
  );
  const extraKey = fc.tuple(
    fc.oneof(fc.constantFrom('__proto__', 'constructor', 'role', 'userId', 'status'), fc.string({ maxLength: 8 })),
    fc.jsonValue({ maxDepth: 1 }),
  );
  const extra = wild ? fc.option(extraKey, { freq: 2 }) : fc.constant(null);
  return fc.tuple(fc.tuple(...entries), extra).map(([picked, more]) => {
    const out: Record<string, unknown> = {};
    for (const entry of picked) if (entry) out[entry[0]] = entry[1];
    if (more)
      Object.defineProperty(out, more[0], { value: more[1], enumerable: true, writable: true, configurable: true });
    return out;
  });
}
