import type { Config } from '../../config/config';
import {
  commonPriceStep,
  convertMoney,
  currencyExponent,
  currencyRuleFor,
  providersAccepting,
  type Money,
} from '../../domain/money';
import type { ProviderName } from '../../domain/payments/payment-status';
import { inverseRate } from '../../domain/rates/cross-rates';
import { isStale, type ExchangeRate } from '../../domain/rates/exchange-rate';
import { ValidationError } from '../../errors/app-error';
import type { Logger } from '../../logger';
import type { DataStore } from '../../repositories/data-store';
import type { StoredRate } from '../../repositories/exchange-rate.repository';

export interface RateView {
  base: string;
  quote: string;
  rate: string;
  source: string;
  validFrom: string;
  /** Older than RATES_MAX_AGE_DAYS: still used, but someone should import fresh rates. */
  stale: boolean;
}

export interface CurrencyInfo {
  code: string;
  exponent: number;
  /** Converted prices are rounded to this many minor units: the step every provider below takes. */
  priceStep: number;
  /** The enabled providers that accept the currency at all (each price still says who can take it). */
  providers: ProviderName[];
  /** The rate from the default currency in use now; null for the default currency itself or when none is stored. */
  rate: RateView | null;
}

/** A rate to convert with: stored as it is, or the inverse of the stored opposite pair (`inverted`). */
export interface ConversionRate extends ExchangeRate {
  inverted: boolean;
}

/** A stale rate is logged at most once a day per pair and process. */
const STALE_LOG_INTERVAL_MS = 24 * 3600 * 1000;

/**
 * Which currencies we sell in, with which providers, and the stored exchange rates used to
 * convert prices (flagged and logged when older than the configured age).
 */
export class CurrencyService {
  private readonly staleLogged = new Map<string, number>();

  constructor(
    private readonly store: DataStore,
    private readonly currencies: Config['currencies'],
    private readonly rates: Config['rates'],
    /** The providers configured here; a provider that is not cannot take any price. */
    readonly enabledProviders: readonly ProviderName[],
    private readonly logger?: Logger,
  ) {}

  get defaultCurrency(): string {
    return this.currencies.default;
  }

  get maxRateAgeDays(): number {
    return this.rates.maxAgeDays;
  }

  get supported(): readonly string[] {
    return this.currencies.supported;
  }

  async list(): Promise<CurrencyInfo[]> {
    const base = this.currencies.default;
    const current = await this.store.repos.exchangeRates.current();
    const now = new Date();
    return this.currencies.supported.map((code) => {
      const rate = code === base ? undefined : current.find((r) => r.base === base && r.quote === code);
      return {
        code,
        exponent: currencyExponent(code),
        priceStep: this.priceStep(code),
        providers: providersAccepting(code, this.enabledProviders),
        rate: rate ? this.view(rate, now) : null,
      };
    });
  }

  /** The step converted prices in `currency` are rounded to (see commonPriceStep). */
  priceStep(currency: string): number {
    return commonPriceStep(currency, this.enabledProviders);
  }

  /** Normalizes a requested currency (or the default) and rejects unsupported ones with a 400. */
  resolve(requested: string | undefined): string {
    const code = (requested ?? this.currencies.default).toUpperCase();
    if (!this.currencies.supported.includes(code)) {
      throw new ValidationError(
        `Currency '${requested}' is not supported; use one of ${this.currencies.supported.join(', ')}`,
        [{ path: 'currency', message: 'unsupported currency' }],
        'unsupported_currency',
      );
    }
    return code;
  }

  /** The newest rate base -> quote already in force; a stale one is still used, and logged. */
  async rate(base: string, quote: string, at = new Date()): Promise<StoredRate | undefined> {
    const rate = await this.store.repos.exchangeRates.rateAt(base, quote, at);
    if (rate && isStale(rate.validFrom, at, this.rates.maxAgeDays)) this.logStale(rate, at);
    return rate;
  }

  /** Every rate in force now whose quote is a currency we sell in. */
  async currentRates(): Promise<RateView[]> {
    const now = new Date();
    const rates = await this.store.repos.exchangeRates.current();
    return rates.filter((r) => this.currencies.supported.includes(r.quote)).map((r) => this.view(r, now));
  }

  /**
   * Each enabled provider's minimum charge in `currency` where it is defined as a floor in
   * another currency (Stripe: "must convert to at least 50 cents"): the floor converted with
   * the stored rate, rounded up to the provider's step. Missing when no rate is stored.
   */
  async convertedMinimums(currency: string): Promise<Partial<Record<ProviderName, Money>>> {
    const out: Partial<Record<ProviderName, Money>> = {};
    for (const provider of this.enabledProviders) {
      const rule = currencyRuleFor(provider, currency);
      if (rule?.minimum.kind !== 'converted') continue;
      const floor = rule.minimum.floor;
      const rate = await this.floorRate(floor.currency, currency);
      if (rate) out[provider] = convertMoney(floor, currency, rate, { step: rule.step, rounding: 'up' });
    }
    return out;
  }

  /** floor -> currency: the stored rate, or the inverse of currency -> floor. */
  private async floorRate(from: string, to: string): Promise<string | undefined> {
    if (from === to) return '1';
    return (await this.conversionRate(from, to))?.rate;
  }

  /**
   * The rate from -> to in force at `at`: the stored one, or else the inverse of the stored
   * to -> from (rounded as cross rates are, see inverseRate). Undefined when neither is stored.
   */
  async conversionRate(from: string, to: string, at = new Date()): Promise<ConversionRate | undefined> {
    const direct = await this.rate(from, to, at);
    if (direct) return { ...direct, inverted: false };
    const reverse = await this.rate(to, from, at);
    const rate = reverse && inverseRate(reverse.rate);
    return reverse && rate
      ? { base: from, quote: to, rate, source: reverse.source, validFrom: reverse.validFrom, inverted: true }
      : undefined;
  }

  /** A stored rate as the API shows it, with its stale flag at `now`. */
  view(rate: ExchangeRate, now: Date): RateView {
    return {
      base: rate.base,
      quote: rate.quote,
      rate: rate.rate,
      source: rate.source,
      validFrom: rate.validFrom.toISOString(),
      stale: isStale(rate.validFrom, now, this.rates.maxAgeDays),
    };
  }

  private logStale(rate: StoredRate, now: Date): void {
    const key = `${rate.base}>${rate.quote}`;
    const last = this.staleLogged.get(key);
    if (last !== undefined && now.getTime() - last < STALE_LOG_INTERVAL_MS) return;
    this.staleLogged.set(key, now.getTime());
    this.logger?.warn(
      {
        base: rate.base,
        quote: rate.quote,
        rate: rate.rate,
        source: rate.source,
        validFrom: rate.validFrom.toISOString(),
        maxAgeDays: this.rates.maxAgeDays,
      },
      'exchange rate in use is stale; import fresh rates',
    );
  }
}
