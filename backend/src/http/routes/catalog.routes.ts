import { z } from 'zod';
import { defineRoute, type ApiRoute } from '../route-definition';
import { currencyCode, pathId } from '../validation';

const currencyQuery = z.strictObject({
  /** Prices in this currency (converted at the day's rate); the default currency when absent. */
  currency: currencyCode.optional(),
});

const TAGS = ['catalog'];

export const catalogRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/courses',
    auth: 'public',
    summary: 'The published courses with their prices',
    tags: TAGS,
    query: currencyQuery,
    responses: { 200: { description: '`{items}`: the courses' } },
    handle: async ({ query }, { catalog }) => ({ items: await catalog.listCourses(query.currency) }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/courses/:id',
    auth: 'public',
    summary: 'One published course',
    tags: TAGS,
    params: z.strictObject({ id: pathId }),
    notFound: 'Course',
    query: currencyQuery,
    responses: { 200: { description: 'The course and its price' } },
    handle: ({ params, query }, { catalog }) => catalog.getCourse(params.id, query.currency),
  }),
  defineRoute({
    method: 'get',
    path: '/api/plans',
    auth: 'public',
    summary: 'The subscription plans with their prices',
    tags: TAGS,
    query: currencyQuery,
    responses: { 200: { description: '`{items}`: the plans' } },
    handle: async ({ query }, { catalog }) => ({ items: await catalog.listPlans(query.currency) }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/currencies',
    auth: 'public',
    summary: 'The currencies prices can be shown and paid in, with the rates in force',
    tags: TAGS,
    responses: { 200: { description: 'Default currency, maximum rate age, currencies and rates' } },
    handle: async (_input, { currencies }) => ({
      defaultCurrency: currencies.defaultCurrency,
      maxRateAgeDays: currencies.maxRateAgeDays,
      items: await currencies.list(),
      rates: await currencies.currentRates(),
    }),
  }),
];
