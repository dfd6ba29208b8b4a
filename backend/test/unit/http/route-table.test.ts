import { z } from 'zod';
import { API_ROUTES } from '../../../src/http/api-routes';
import { defaultStatus, type ApiRoute } from '../../../src/http/route-definition';

const label = (route: ApiRoute) => `${route.method.toUpperCase()} ${route.path}`;
const segments = (path: string) => path.split('/').filter(Boolean);
const pathParams = (route: ApiRoute) =>
  segments(route.path)
    .filter((s) => s.startsWith(':'))
    .map((s) => s.slice(1));

describe('the route table', () => {
  it('when listing the routes, then each method and path appears once and under /api', () => {
    const labels = API_ROUTES.map(label);
    expect(new Set(labels).size).toBe(labels.length);
    for (const route of API_ROUTES) expect(route.path).toMatch(/^\/api\//);
  });

  it("when a path has parameters, then the params schema names exactly those, and a malformed id is the resource's 404", () => {
    for (const route of API_ROUTES) {
      const names = pathParams(route);
      if (names.length === 0) {
        expect({ route: label(route), params: route.params, notFound: route.notFound }).toEqual({
          route: label(route),
          params: undefined,
          notFound: undefined,
        });
        continue;
      }
      expect(route.params).toBeInstanceOf(z.ZodObject);
      const shape = Object.keys((route.params as z.ZodObject).shape).sort();
      expect({ route: label(route), shape }).toEqual({ route: label(route), shape: [...names].sort() });
      expect({ route: label(route), notFound: typeof route.notFound }).toEqual({
        route: label(route),
        notFound: 'string',
      });
    }
  });

  it('when routes are mounted in table order, then no route is shadowed by an earlier one with a parameter in its place', () => {
    API_ROUTES.forEach((later, j) => {
      const mine = segments(later.path);
      for (const earlier of API_ROUTES.slice(0, j)) {
        const theirs = segments(earlier.path);
        const shadows =
          earlier.method === later.method &&
          theirs.length === mine.length &&
          theirs.every((s, k) => s.startsWith(':') || s === mine[k]);
        expect({ shadowed: label(later), by: shadows ? label(earlier) : undefined }).toEqual({
          shadowed: label(later),
          by: undefined,
        });
      }
    });
  });

  it('when a route answers, then it declares a success status, and only public routes go without a signed-in caller', () => {
    for (const route of API_ROUTES) {
      expect(defaultStatus(route)).toBeGreaterThanOrEqual(200);
      expect(Object.keys(route.responses).some((s) => Number(s) >= 200 && Number(s) < 300)).toBe(true);
      if (route.path.startsWith('/api/admin/'))
        expect({ route: label(route), auth: route.auth }).toEqual({ route: label(route), auth: 'admin' });
    }
    expect(API_ROUTES.filter((r) => r.auth === 'public').map(label)).toEqual([
      'POST /api/auth/register',
      'POST /api/auth/login',
      'GET /api/courses',
      'GET /api/courses/:id',
      'GET /api/plans',
      'GET /api/currencies',
    ]);
  });

  it('when a route calls a provider on every request, then it has a per-user limit, and no public route has one', () => {
    const limited = API_ROUTES.filter((r) => r.rateLimit).map((r) => `${label(r)} ${r.rateLimit!.name}`);
    expect(limited).toEqual([
      'POST /api/payments/checkout/:courseId checkout',
      'POST /api/payments/refund/:paymentId refund',
      'GET /api/payments/:id refresh',
      'POST /api/subscriptions/checkout/:planId checkout',
      'GET /api/payment-methods refresh',
      'POST /api/payment-methods/setup setup',
    ]);
    for (const route of API_ROUTES) if (route.rateLimit) expect(route.auth).not.toBe('public');
  });
});
