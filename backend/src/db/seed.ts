import type { DataSource, EntityManager } from 'typeorm';
import { Course, CoursePrice, ExchangeRate, Plan, PlanPrice, User } from '../entities';
import { commonPriceStep, money } from '../domain/money';
import { PROVIDERS } from '../domain/payments/payment-status';
import { explicitPriceProblem } from '../domain/pricing';
import { hashPassword } from '../services/auth/password-hasher';

export const DEMO_STUDENT = { email: 'student@example.com', password: 'student-password', name: 'Demo Student' };
export const DEMO_ADMIN = { email: 'admin@example.com', password: 'admin-password', name: 'Demo Admin' };

type Prices = Record<string, number>;

const COURSES: { slug: string; title: string; description: string; prices: Prices }[] = [
  {
    slug: 'typescript-fundamentals',
    title: 'TypeScript Fundamentals',
    description: 'Types, generics and strict mode, from first steps to confident refactoring.',
    prices: { USD: 4900, EUR: 4500, GBP: 3900, JPY: 7500 },
  },
  {
    slug: 'postgresql-for-developers',
    title: 'PostgreSQL for Developers',
    description: 'Schemas, indexes, transactions and the query planner, with real workloads.',
    prices: { USD: 5900, EUR: 5500, GBP: 4700 },
  },
  {
    slug: 'payments-engineering',
    title: 'Payments Engineering',
    description: 'Idempotency, webhooks, state machines and reconciliation for real money.',
    prices: { USD: 9900, EUR: 9200, GBP: 7900 },
  },
  {
    slug: 'angular-signals',
    title: 'Modern Angular with Signals',
    description: 'Standalone components, signals and the new control flow.',
    prices: { USD: 3900, EUR: 3600, GBP: 3100 },
  },
  {
    slug: 'testing-node-services',
    title: 'Testing Node.js Services',
    description: 'Integration tests against real databases, contract tests and test design.',
    prices: { USD: 2900, EUR: 2700, GBP: 2300 },
  },
  {
    slug: 'web-security-essentials',
    title: 'Web Security Essentials',
    description: 'Authentication, authorization, OWASP top ten and secure defaults.',
    prices: { USD: 6900, EUR: 6400, GBP: 5500 },
  },
];

const PLANS: { slug: string; name: string; description: string; interval: 'month' | 'year'; prices: Prices }[] = [
  {
    slug: 'all-access-monthly',
    name: 'All Access — Monthly',
    description: 'Every course, billed monthly. Cancel any time.',
    interval: 'month',
    prices: { USD: 1900, EUR: 1800, GBP: 1500 },
  },
  {
    slug: 'all-access-yearly',
    name: 'All Access — Yearly',
    description: 'Every course, billed yearly: two months free.',
    interval: 'year',
    prices: { USD: 19000, EUR: 18000, GBP: 15000 },
  },
];

/**
 * USD -> quote rates, as decimal strings (never floats), dated 2026-01-01 with source `demo`:
 * old enough to show the stale flag until an admin imports fresh ones. Besides the default
 * currencies, the ones with unusual provider rules (HUF, TWD, ISK, UGX, MGA) so they can be
 * switched on with SUPPORTED_CURRENCIES.
 */
const USD_RATES: Record<string, string> = {
  EUR: '0.9215',
  GBP: '0.7862',
  JPY: '151.37',
  CAD: '1.3684',
  AUD: '1.5123',
  CHF: '0.8841',
  KWD: '0.30712',
  HUF: '352.47',
  TWD: '32.185',
  ISK: '138.62',
  UGX: '3698.5',
  MGA: '4532.1',
};

/**
 * Explicit prices obey the step of every provider (not just the enabled ones: the seed does not
 * know the configuration), so a demo price is never one a provider would refuse or misread.
 */
export function seedPriceProblems(): string[] {
  const items = [
    ...COURSES.map((c) => ({ name: c.slug, prices: c.prices })),
    ...PLANS.map((p) => ({ name: p.slug, prices: p.prices })),
  ];
  return items.flatMap(({ name, prices }) =>
    Object.entries(prices).flatMap(([currency, amount]) => {
      const problem = explicitPriceProblem(money(amount, currency), commonPriceStep(currency, PROVIDERS));
      return problem ? [`${name}: ${problem}`] : [];
    }),
  );
}

/** Demo data for development and the demo; idempotent, and never run in production. */
export async function seedDemoData(dataSource: DataSource): Promise<{ seeded: boolean }> {
  const problems = seedPriceProblems();
  if (problems.length) throw new Error(`Demo prices break provider rules: ${problems.join('; ')}`);
  return dataSource.transaction(async (manager) => {
    await upsertUser(manager, DEMO_STUDENT, 'student');
    await upsertUser(manager, DEMO_ADMIN, 'admin');
    if ((await manager.count(Course)) > 0) return { seeded: false };

    for (const course of COURSES) {
      const saved = await manager.save(
        manager.create(Course, {
          slug: course.slug,
          title: course.title,
          description: course.description,
          basePriceAmount: course.prices.USD,
          baseCurrency: 'USD',
          published: true,
        }),
      );
      for (const [currency, amount] of Object.entries(course.prices)) {
        await manager.save(manager.create(CoursePrice, { courseId: saved.id, currency, amount }));
      }
    }
    for (const plan of PLANS) {
      const saved = await manager.save(
        manager.create(Plan, {
          slug: plan.slug,
          name: plan.name,
          description: plan.description,
          interval: plan.interval,
          basePriceAmount: plan.prices.USD,
          baseCurrency: 'USD',
          published: true,
        }),
      );
      for (const [currency, amount] of Object.entries(plan.prices)) {
        await manager.save(manager.create(PlanPrice, { planId: saved.id, currency, amount }));
      }
    }
    for (const [quoteCurrency, rate] of Object.entries(USD_RATES)) {
      await manager.save(
        manager.create(ExchangeRate, {
          baseCurrency: 'USD',
          quoteCurrency,
          rate,
          source: 'demo',
          validFrom: new Date('2026-01-01T00:00:00Z'),
        }),
      );
    }
    return { seeded: true };
  });
}

async function upsertUser(
  manager: EntityManager,
  demo: { email: string; password: string; name: string },
  role: 'student' | 'admin',
): Promise<void> {
  if (await manager.existsBy(User, { email: demo.email })) return;
  await manager.save(
    manager.create(User, { email: demo.email, name: demo.name, role, passwordHash: await hashPassword(demo.password) }),
  );
}
