import { z } from 'zod';
import { defineRoute, type ApiRoute } from '../route-definition';

const currency = z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code in upper case');

const rateItem = z.strictObject({
  base: currency,
  quote: currency,
  // A JSON number is a float by the time it is parsed: rates travel as decimal strings.
  rate: z.string({ error: 'must be a decimal string such as "1.0842", not a JSON number' }).max(40),
  validFrom: z
    .union([z.iso.datetime({ offset: true }), z.iso.date()], {
      error: 'must be an ISO 8601 date-time with a time zone, or a date (YYYY-MM-DD, midnight UTC)',
    })
    .optional(),
});

const ratesBody = z
  .array(rateItem)
  .min(1, 'must list at least one rate')
  .max(1000, 'must list at most 1000 rates')
  .meta({ examples: [[{ base: 'EUR', quote: 'USD', rate: '1.0842', validFrom: '2026-03-02' }]] });

const TAGS = ['admin'];

/** Admin exchange rates: GET the rates in force, PUT rates by hand, POST an ECB daily file. */
export const adminExchangeRateRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/admin/exchange-rates',
    auth: 'admin',
    summary: 'The exchange rates in force and their age',
    tags: TAGS,
    responses: { 200: { description: 'The rates overview' } },
    handle: (_input, { exchangeRates }) => exchangeRates.overview(),
  }),
  defineRoute({
    method: 'put',
    path: '/api/admin/exchange-rates',
    auth: 'admin',
    summary: 'Set exchange rates by hand',
    tags: TAGS,
    body: ratesBody,
    responses: { 200: { description: 'How many rates were stored, and the overview' } },
    handle: async ({ principal, body }, { exchangeRates }) => {
      const counts = await exchangeRates.setRates(
        body.map((i) => ({
          base: i.base,
          quote: i.quote,
          rate: i.rate,
          validFrom:
            i.validFrom === undefined
              ? undefined
              : new Date(i.validFrom.length === 10 ? `${i.validFrom}T00:00:00Z` : i.validFrom),
        })),
        { kind: 'admin', userId: principal.userId },
      );
      return { ...counts, ...(await exchangeRates.overview()) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/exchange-rates/import',
    auth: 'admin',
    summary: "Import the ECB's daily reference rates file",
    tags: TAGS,
    // The ECB daily file is about 2 KB.
    xmlBody: { what: 'the ECB eurofxref-daily.xml file', limit: '256kb' },
    body: z.string(),
    responses: {
      201: { description: 'How many rates were imported' },
      415: { description: 'The body is not XML (`unsupported_media_type`)' },
    },
    handle: ({ principal, body }, { exchangeRates }) =>
      exchangeRates.importEcb(body, { kind: 'admin', userId: principal.userId }),
  }),
];
