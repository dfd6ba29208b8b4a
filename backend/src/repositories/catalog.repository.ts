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

export interface PlanRecord extends PricedItem {
  name: string;
  interval: 'month' | 'year';
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
    const rows = await this.sql.query<ItemRow & { name: string; interval: 'month' | 'year' }>(
      `SELECT p.id, p.slug, p.name, p.description, p.interval, p.base_price_amount, p.base_currency,
              COALESCE((SELECT json_agg(json_build_object('currency', pp.currency, 'amount', pp.amount::text) ORDER BY pp.currency)
                          FROM plan_prices pp WHERE pp.plan_id = p.id), '[]'::json) AS prices
         FROM plans p WHERE p.published ORDER BY p.base_price_amount`,
    );
    return rows.map((r) => ({ ...toItem(r), name: r.name, interval: r.interval }));
  }
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
