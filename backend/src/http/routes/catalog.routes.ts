import { Router } from 'express';
import { z } from 'zod';
import type { CatalogService } from '../../services/catalog/catalog.service';
import type { CurrencyService } from '../../services/catalog/currency.service';
import { parseInput } from '../validation';

const currencyQuery = z.strictObject({
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'must be a three-letter currency code')
    .optional(),
});

export function catalogRoutes(catalog: CatalogService, currencies: CurrencyService): Router {
  const router = Router();

  router.get('/courses', async (req, res) => {
    const { currency } = parseInput(currencyQuery, req.query, 'query');
    res.json({ items: await catalog.listCourses(currency) });
  });

  router.get('/courses/:id', async (req, res) => {
    const { currency } = parseInput(currencyQuery, req.query, 'query');
    res.json(await catalog.getCourse(req.params.id, currency));
  });

  router.get('/plans', async (req, res) => {
    const { currency } = parseInput(currencyQuery, req.query, 'query');
    res.json({ items: await catalog.listPlans(currency) });
  });

  router.get('/currencies', async (_req, res) => {
    res.json({
      defaultCurrency: currencies.defaultCurrency,
      maxRateAgeDays: currencies.maxRateAgeDays,
      items: await currencies.list(),
      rates: await currencies.currentRates(),
    });
  });

  return router;
}
