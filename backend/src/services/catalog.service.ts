import type { DataSource } from 'typeorm';
import { money, type Money } from '../domain/money';
import { quotePrice, type Quote } from '../domain/pricing';
import { Course, Plan } from '../entities';
import { NotFoundError, ValidationError } from '../errors/app-error';
import type { CurrencyService } from './currency.service';
import { isUuid } from './ids';

export interface CourseView {
  id: string;
  slug: string;
  title: string;
  description: string;
  price: Money;
}

export interface PlanView {
  id: string;
  slug: string;
  name: string;
  description: string;
  interval: 'month' | 'year';
  price: Money;
}

export interface PricedCourse {
  course: Course;
  quote: Quote;
}

interface Priced {
  basePriceAmount: number;
  baseCurrency: string;
  prices: { currency: string; amount: number }[];
}

/** Published courses and plans, priced in the currency the student asks for. */
export class CatalogService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly currencies: CurrencyService,
  ) {}

  async listCourses(requestedCurrency?: string): Promise<CourseView[]> {
    const currency = this.currencies.resolve(requestedCurrency);
    const courses = await this.dataSource.getRepository(Course).find({
      where: { published: true },
      relations: { prices: true },
      order: { createdAt: 'ASC', title: 'ASC' },
    });
    const views: CourseView[] = [];
    for (const course of courses) views.push(toCourseView(course, await this.quote(course, currency)));
    return views;
  }

  async getCourse(id: string, requestedCurrency?: string): Promise<CourseView> {
    const { course, quote } = await this.priceCourse(id, requestedCurrency);
    return toCourseView(course, quote);
  }

  /** The server-side price of a course: the only source of the amount a checkout charges. */
  async priceCourse(id: string, requestedCurrency?: string): Promise<PricedCourse> {
    const currency = this.currencies.resolve(requestedCurrency);
    const course = isUuid(id)
      ? await this.dataSource
          .getRepository(Course)
          .findOne({ where: { id, published: true }, relations: { prices: true } })
      : null;
    if (!course) throw new NotFoundError('Course');
    return { course, quote: await this.quote(course, currency) };
  }

  async listPlans(requestedCurrency?: string): Promise<PlanView[]> {
    const currency = this.currencies.resolve(requestedCurrency);
    const plans = await this.dataSource.getRepository(Plan).find({
      where: { published: true },
      relations: { prices: true },
      order: { basePriceAmount: 'ASC' },
    });
    const views: PlanView[] = [];
    for (const plan of plans) {
      const quote = await this.quote(plan, currency);
      views.push({
        id: plan.id,
        slug: plan.slug,
        name: plan.name,
        description: plan.description,
        interval: plan.interval,
        price: quote.price,
      });
    }
    return views;
  }

  private async quote(item: Priced, currency: string): Promise<Quote> {
    const explicit = new Map(item.prices.map((p) => [p.currency, p.amount]));
    const needsRate = !explicit.has(currency) && item.baseCurrency !== currency;
    const rate = needsRate ? await this.currencies.rate(item.baseCurrency, currency) : undefined;
    const quote = quotePrice({ base: money(item.basePriceAmount, item.baseCurrency), explicit }, currency, rate);
    if (!quote) {
      throw new ValidationError(
        `No price or exchange rate for ${currency}`,
        [{ path: 'currency', message: `no exchange rate from ${item.baseCurrency}` }],
        'unsupported_currency',
      );
    }
    return quote;
  }
}

function toCourseView(course: Course, quote: Quote): CourseView {
  return { id: course.id, slug: course.slug, title: course.title, description: course.description, price: quote.price };
}
