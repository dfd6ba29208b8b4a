import { describeRefusal, offerFor, type Money } from '../../domain/money';
import { PROVIDER_DISPLAY_NAMES, PROVIDERS, type ProviderName } from '../../domain/payments/payment-status';
import type { TaxRule } from '../../domain/invoices/tax';
import { quotePrice, withTax, type TaxedQuote } from '../../domain/pricing';
import { NotFoundError, ValidationError } from '../../errors/app-error';
import type { CourseRecord, PlanRecord } from '../../repositories/catalog.repository';
import type { DataStore } from '../../repositories/data-store';
import { isUuid } from '../ids';
import type { CurrencyService } from './currency.service';

/** Why a provider cannot take a price: a rule code (as checkout answers it) and the reason in words. */
export interface ProviderUnavailable {
  provider: ProviderName;
  code: string;
  message: string;
}

/** A price with who can take it: `providers` may be empty, and then nobody can buy at this price. */
export interface PriceView extends Money {
  providers: ProviderName[];
  unavailable: ProviderUnavailable[];
}

export interface CourseView {
  id: string;
  slug: string;
  title: string;
  description: string;
  price: PriceView;
}

export interface PlanView {
  id: string;
  slug: string;
  name: string;
  description: string;
  interval: 'month' | 'year';
  /** Free days before the first charge (0: none). */
  trialDays: number;
  price: PriceView;
}

export interface PricedPlan {
  plan: PlanRecord;
  quote: TaxedQuote;
  price: PriceView;
}

export interface PricedCourse {
  course: CourseRecord;
  quote: TaxedQuote;
  price: PriceView;
}

/** Prices for one currency, with the provider minimums that need a rate resolved once. */
type Pricer = (item: CourseRecord | PlanRecord) => Promise<{ quote: TaxedQuote; price: PriceView }>;

/** Published courses and plans, priced in the currency the student asks for. */
export class CatalogService {
  constructor(
    private readonly store: DataStore,
    private readonly currencies: CurrencyService,
    private readonly tax: TaxRule,
  ) {}

  async listCourses(requestedCurrency?: string): Promise<CourseView[]> {
    const price = await this.pricer(this.currencies.resolve(requestedCurrency));
    const courses = await this.store.repos.catalog.publishedCourses();
    const views: CourseView[] = [];
    for (const course of courses) views.push(toCourseView(course, (await price(course)).price));
    return views;
  }

  async getCourse(id: string, requestedCurrency?: string): Promise<CourseView> {
    const { course, price } = await this.priceCourse(id, requestedCurrency);
    return toCourseView(course, price);
  }

  /** The server-side price of a course: the only source of the amount a checkout charges. */
  async priceCourse(id: string, requestedCurrency?: string): Promise<PricedCourse> {
    const currency = this.currencies.resolve(requestedCurrency);
    const course = isUuid(id) ? await this.store.repos.catalog.publishedCourse(id) : undefined;
    if (!course) throw new NotFoundError('Course');
    const { quote, price } = await (await this.pricer(currency))(course);
    return { course, quote, price };
  }

  /** The server-side price of a plan: the only source of the amount a subscription charges. */
  async pricePlan(id: string, requestedCurrency?: string): Promise<PricedPlan> {
    const currency = this.currencies.resolve(requestedCurrency);
    const plan = isUuid(id) ? await this.store.repos.catalog.publishedPlan(id) : undefined;
    if (!plan) throw new NotFoundError('Plan');
    const { quote, price } = await (await this.pricer(currency))(plan);
    return { plan, quote, price };
  }

  async listPlans(requestedCurrency?: string): Promise<PlanView[]> {
    const price = await this.pricer(this.currencies.resolve(requestedCurrency));
    const plans = await this.store.repos.catalog.publishedPlans();
    const views: PlanView[] = [];
    for (const plan of plans) {
      views.push({
        id: plan.id,
        slug: plan.slug,
        name: plan.name,
        description: plan.description,
        interval: plan.interval,
        trialDays: plan.trialDays,
        price: (await price(plan)).price,
      });
    }
    return views;
  }

  private async pricer(currency: string): Promise<Pricer> {
    const step = this.currencies.priceStep(currency);
    const minimums = await this.currencies.convertedMinimums(currency);
    const enabled = this.currencies.enabledProviders;
    return async (item) => {
      const explicit = new Map(item.prices.map((p) => [p.currency, p.amount]));
      const base = item.basePrice;
      const needsRate = !explicit.has(currency) && base.currency !== currency;
      const rate = needsRate ? await this.currencies.rate(base.currency, currency) : undefined;
      const untaxed = quotePrice({ base, explicit }, currency, rate, step);
      if (!untaxed) {
        throw new ValidationError(
          `No price or exchange rate for ${currency}`,
          [{ path: 'currency', message: `no exchange rate from ${base.currency}` }],
          'unsupported_currency',
        );
      }
      const quote = withTax(untaxed, this.tax, step);
      const offer = offerFor(quote.price, enabled, minimums);
      const unavailable: ProviderUnavailable[] = offer.refusals.map(({ provider, refusal }) => ({
        provider,
        code: refusal.code,
        message: describeRefusal(provider, quote.price, refusal),
      }));
      for (const provider of PROVIDERS.filter((p) => !enabled.includes(p))) {
        unavailable.push({
          provider,
          code: 'provider_not_configured',
          message: `${PROVIDER_DISPLAY_NAMES[provider]} is not set up on this site`,
        });
      }
      return { quote, price: { ...quote.price, providers: offer.providers, unavailable } };
    };
  }
}

function toCourseView(course: CourseRecord, price: PriceView): CourseView {
  return { id: course.id, slug: course.slug, title: course.title, description: course.description, price };
}
