import { commonPriceStep, type Money } from '../../domain/money';
import { PROVIDERS } from '../../domain/payments/payment-status';
import { quotePrice, type Quote } from '../../domain/pricing';
import { NotFoundError, ValidationError } from '../../errors/app-error';
import type { CourseRecord, PlanRecord } from '../../repositories/catalog.repository';
import type { DataStore } from '../../repositories/data-store';
import { isUuid } from '../ids';
import type { CurrencyService } from './currency.service';

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
  course: CourseRecord;
  quote: Quote;
}

/** Published courses and plans, priced in the currency the student asks for. */
export class CatalogService {
  constructor(
    private readonly store: DataStore,
    private readonly currencies: CurrencyService,
  ) {}

  async listCourses(requestedCurrency?: string): Promise<CourseView[]> {
    const currency = this.currencies.resolve(requestedCurrency);
    const courses = await this.store.repos.catalog.publishedCourses();
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
    const course = isUuid(id) ? await this.store.repos.catalog.publishedCourse(id) : undefined;
    if (!course) throw new NotFoundError('Course');
    return { course, quote: await this.quote(course, currency) };
  }

  async listPlans(requestedCurrency?: string): Promise<PlanView[]> {
    const currency = this.currencies.resolve(requestedCurrency);
    const plans = await this.store.repos.catalog.publishedPlans();
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

  private async quote(item: CourseRecord | PlanRecord, currency: string): Promise<Quote> {
    const explicit = new Map(item.prices.map((p) => [p.currency, p.amount]));
    const base = item.basePrice;
    const needsRate = !explicit.has(currency) && base.currency !== currency;
    const rate = needsRate ? await this.currencies.rate(base.currency, currency) : undefined;
    const quote = quotePrice({ base, explicit }, currency, rate, commonPriceStep(currency, PROVIDERS));
    if (!quote) {
      throw new ValidationError(
        `No price or exchange rate for ${currency}`,
        [{ path: 'currency', message: `no exchange rate from ${base.currency}` }],
        'unsupported_currency',
      );
    }
    return quote;
  }
}

function toCourseView(course: CourseRecord, quote: Quote): CourseView {
  return { id: course.id, slug: course.slug, title: course.title, description: course.description, price: quote.price };
}
