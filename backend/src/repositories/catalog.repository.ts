import type { Money } from '../domain/money';
import { moneyFromRow } from './row-mapping';
import type { SqlRunner } from './sql-runner';

/** A course or plan with its base price and its explicit prices per currency. */
interface PricedItem {
  id: string;
  slug: string;
  description: string;
  basePrice: Money;
  prices: Money[];
}

export interface CourseRecord extends PricedItem {
  title: string;
}

/** What a provider's price object for a plan is created for. */
export interface ProviderPriceKey {
  planId: string;
  price: Money;
  trialDays: number;
  provider: string;
}

export interface PlanRecord extends PricedItem {
  name: string;
  interval: 'month' | 'year';
  trialDays: number;
}

interface ItemRow {
  id: string;
  slug: string;
  description: string;
  base_price_amount: string;
  base_currency: string;
  prices: { currency: string; amount: string | number }[];
}

const COURSE_SELECT = `SELECT c.id, c.slug, c.title, c.description, c.base_price_amount, c.base_currency,
    COALESCE((SELECT json_agg(json_build_object('currency', cp.currency, 'amount', cp.amount::text) ORDER BY cp.currency)
                FROM course_prices cp WHERE cp.course_id = c.id), '[]'::json) AS prices
  FROM courses c`;

/** Published courses and plans with their prices. */
export class CatalogRepository {
  constructor(private readonly sql: SqlRunner) {}

  async publishedCourses(): Promise<CourseRecord[]> {
    const rows = await this.sql.query<ItemRow & { title: string }>(
      `${COURSE_SELECT} WHERE c.published ORDER BY c.created_at, c.title`,
    );
    return rows.map((r) => ({ ...toItem(r), title: r.title }));
  }

  async publishedCourse(id: string): Promise<CourseRecord | undefined> {
    const rows = await this.sql.query<ItemRow & { title: string }>(`${COURSE_SELECT} WHERE c.published AND c.id = $1`, [
      id,
    ]);
    return rows[0] && { ...toItem(rows[0]), title: rows[0].title };
  }

  /** The currencies prices are converted from (courses' and plans' base currencies). */
  async baseCurrencies(): Promise<string[]> {
    const rows = await this.sql.query<{ currency: string }>(
      `SELECT base_currency AS currency FROM courses UNION SELECT base_currency FROM plans ORDER BY 1`,
    );
    return rows.map((r) => r.currency.trim());
  }

  async publishedPlans(): Promise<PlanRecord[]> {
    const rows = await this.sql.query<PlanRow>(`${PLAN_SELECT} WHERE p.published ORDER BY p.base_price_amount`);
    return rows.map(toPlan);
  }

  async publishedPlan(id: string): Promise<PlanRecord | undefined> {
    const rows = await this.sql.query<PlanRow>(`${PLAN_SELECT} WHERE p.published AND p.id = $1`, [id]);
    return rows[0] && toPlan(rows[0]);
  }

  /** The provider's price / billing plan already created for this plan price (amount and trial), if any. */
  async providerPrice(key: ProviderPriceKey): Promise<string | undefined> {
    const rows = await this.sql.query<{ provider_price_id: string }>(
      `SELECT provider_price_id FROM plan_provider_prices
        WHERE plan_id = $1 AND currency = $2 AND amount = $3 AND trial_days = $4 AND provider = $5`,
      [key.planId, key.price.currency, key.price.amount, key.trialDays, key.provider],
    );
    return rows[0]?.provider_price_id;
  }

  /** Keeps the first provider price stored for this plan price (a concurrent checkout may have won); returns it. */
  async keepProviderPrice(key: ProviderPriceKey, providerPriceId: string): Promise<string> {
    await this.sql.query(
      `INSERT INTO plan_provider_prices (plan_id, currency, amount, trial_days, provider, provider_price_id)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [key.planId, key.price.currency, key.price.amount, key.trialDays, key.provider, providerPriceId],
    );
    return (await this.providerPrice(key)) ?? providerPriceId;
  }
}

type PlanRow = ItemRow & { name: string; interval: 'month' | 'year'; trial_days: number };

const PLAN_SELECT = `SELECT p.id, p.slug, p.name, p.description, p.interval, p.trial_days, p.base_price_amount,
    p.base_currency,
    COALESCE((SELECT json_agg(json_build_object('currency', pp.currency, 'amount', pp.amount::text) ORDER BY pp.currency)
                FROM plan_prices pp WHERE pp.plan_id = p.id), '[]'::json) AS prices
  FROM plans p`;

function toPlan(row: PlanRow): PlanRecord {
  return { ...toItem(row), name: row.name, interval: row.interval, trialDays: row.trial_days };
}

function toItem(row: ItemRow): PricedItem {
  return {
    id: row.id,
    slug: row.slug,
    description: row.description,
    basePrice: moneyFromRow(row.base_price_amount, row.base_currency),
    prices: row.prices.map((p) => moneyFromRow(p.amount, p.currency)),
  };
}
