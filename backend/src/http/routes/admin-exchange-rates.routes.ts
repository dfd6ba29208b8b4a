import express, { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors/app-error';
import type { AuthService } from '../../services/auth/auth.service';
import type { ExchangeRateAdminService } from '../../services/rates/exchange-rate-admin.service';
import { authenticate, principalOf, requireRole } from '../middleware/auth.middleware';
import { parseInput } from '../validation';

const XML_TYPES = ['application/xml', 'text/xml'];
/** The ECB daily file is about 2 KB. */
const XML_LIMIT = '256kb';

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

const ratesBody = z.array(rateItem).min(1, 'must list at least one rate').max(1000, 'must list at most 1000 rates');

/** Admin exchange rates: GET the rates in force, PUT rates by hand, POST an ECB daily file. */
export function adminExchangeRateRoutes(auth: AuthService, rates: ExchangeRateAdminService): Router {
  const router = Router();
  router.use(authenticate(auth), requireRole('admin'));

  router.get('/', async (_req, res) => {
    res.json(await rates.overview());
  });

  router.put('/', async (req, res) => {
    const items = parseInput(ratesBody, req.body);
    const counts = await rates.setRates(
      items.map((i) => ({
        base: i.base,
        quote: i.quote,
        rate: i.rate,
        validFrom:
          i.validFrom === undefined
            ? undefined
            : new Date(i.validFrom.length === 10 ? `${i.validFrom}T00:00:00Z` : i.validFrom),
      })),
      { kind: 'admin', userId: principalOf(req).userId },
    );
    res.json({ ...counts, ...(await rates.overview()) });
  });

  router.post('/import', express.text({ type: XML_TYPES, limit: XML_LIMIT }), async (req, res) => {
    if (!req.is(XML_TYPES) || typeof req.body !== 'string') {
      throw new AppError(
        415,
        'unsupported_media_type',
        'Send the ECB eurofxref-daily.xml file as application/xml or text/xml',
      );
    }
    res.status(201).json(await rates.importEcb(req.body, { kind: 'admin', userId: principalOf(req).userId }));
  });

  return router;
}
