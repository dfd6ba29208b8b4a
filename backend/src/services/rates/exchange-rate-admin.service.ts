import { STRIPE_CONVERTED_FLOOR } from '../../domain/money';
import { deriveRates } from '../../domain/rates/cross-rates';
import { ECB_BASE, EcbFormatError, parseEcbDaily } from '../../domain/rates/ecb-daily';
import { normalizeRate, pairProblem, rateProblem, type ExchangeRate } from '../../domain/rates/exchange-rate';
import { ValidationError, type ErrorDetail } from '../../errors/app-error';
import type { Logger } from '../../logger';
import type { DataStore } from '../../repositories/data-store';
import type { RateWriteCounts } from '../../repositories/exchange-rate.repository';
import type { CurrencyService, RateView } from '../catalog/currency.service';

export interface RateInput {
  base: string;
  quote: string;
  rate: string;
  validFrom?: Date;
}

export interface RatesOverview {
  maxAgeDays: number;
  /** The rate in force now for every stored pair. */
  items: RateView[];
  /** Rates stored to come into force later. */
  upcoming: RateView[];
}

export interface EcbImportResult extends RateWriteCounts {
  source: 'ecb';
  date: string;
  validFrom: string;
  /** Rates written: EUR -> X as published, plus the derived cross rates. */
  rates: number;
  /** Codes in the file our ISO table does not know. */
  skipped: string[];
}

export interface Actor {
  userId?: string;
  /** `admin` for a person, `system` for the scheduled import. */
  kind: 'admin' | 'system';
}

/** A rate dated further ahead than this is refused: a typo, not a plan. */
const MAX_FUTURE_DAYS = 366;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Exchange rates for admins: list, set by hand, and import the ECB daily reference rates (by
 * upload or the scheduled fetch), deriving the cross rates the catalog converts with.
 */
export class ExchangeRateAdminService {
  constructor(
    private readonly store: DataStore,
    private readonly currencies: CurrencyService,
    private readonly logger?: Logger,
  ) {}

  async overview(): Promise<RatesOverview> {
    const now = new Date();
    const [current, upcoming] = await Promise.all([
      this.store.repos.exchangeRates.current(),
      this.store.repos.exchangeRates.upcoming(),
    ]);
    const view = (r: ExchangeRate): RateView => this.currencies.view(r, now);
    return { maxAgeDays: this.currencies.maxRateAgeDays, items: current.map(view), upcoming: upcoming.map(view) };
  }

  /** Stores rates entered by an admin (source `manual`); all or nothing, and audited. */
  async setRates(inputs: readonly RateInput[], actor: Actor): Promise<RateWriteCounts> {
    const now = new Date();
    const details: ErrorDetail[] = [];
    const seen = new Set<string>();
    const rates: ExchangeRate[] = inputs.map((input, i) => {
      const validFrom = input.validFrom ?? now;
      const problem =
        pairProblem(input.base, input.quote) ?? (rateProblem(input.rate) && `rate ${rateProblem(input.rate)}`);
      if (problem) details.push({ path: `${i}`, message: problem });
      if (validFrom.getTime() > now.getTime() + MAX_FUTURE_DAYS * DAY_MS) {
        details.push({ path: `${i}.validFrom`, message: `must be at most ${MAX_FUTURE_DAYS} days ahead` });
      }
      const key = `${input.base}>${input.quote}@${validFrom.toISOString()}`;
      if (seen.has(key)) details.push({ path: `${i}`, message: 'the same pair and validFrom appear twice' });
      seen.add(key);
      return {
        base: input.base,
        quote: input.quote,
        rate: problem ? input.rate : normalizeRate(input.rate),
        source: 'manual',
        validFrom,
      };
    });
    if (details.length) {
      throw new ValidationError(
        `Invalid exchange rates: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`,
        details,
      );
    }
    return this.store.transaction(async (tx) => {
      const counts = await tx.exchangeRates.upsert(rates);
      await tx.audit.append({
        actor: actor.kind,
        actorUserId: actor.userId ?? null,
        action: 'exchange_rates.set',
        entityType: 'exchange_rates',
        entityId: 'manual',
        data: { ...counts, rates: rates.map((r) => ({ ...r, validFrom: r.validFrom.toISOString() })) },
      });
      return counts;
    });
  }

  /**
   * Imports an ECB eurofxref-daily.xml document: EUR -> X as published, and the cross rates
   * from each currency prices are converted from (see deriveRates), all with source `ecb` and in
   * force from the start (UTC) of the file's reference date.
   */
  async importEcb(xml: string, actor: Actor): Promise<EcbImportResult> {
    let parsed;
    try {
      parsed = parseEcbDaily(xml);
    } catch (error) {
      if (error instanceof EcbFormatError) {
        throw new ValidationError(
          `Not an ECB daily reference-rate file: ${error.message}`,
          [{ path: 'body', message: error.message }],
          'invalid_rates_file',
        );
      }
      throw error;
    }
    const validFrom = new Date(`${parsed.date}T00:00:00Z`);
    if (validFrom.getTime() > Date.now() + DAY_MS) {
      throw new ValidationError(
        `The file is dated ${parsed.date}, in the future`,
        [{ path: 'body', message: 'reference date is in the future' }],
        'invalid_rates_file',
      );
    }
    const bases = [
      ...(await this.store.repos.catalog.baseCurrencies()),
      this.currencies.defaultCurrency,
      // Stripe's minimum for most currencies is a USD floor: keep USD -> X available.
      STRIPE_CONVERTED_FLOOR.currency,
    ];
    const rates = deriveRates(ECB_BASE, parsed.rates, bases).map((r) => ({ ...r, source: 'ecb', validFrom }));
    const counts = await this.store.transaction(async (tx) => {
      const written = await tx.exchangeRates.upsert(rates);
      await tx.audit.append({
        actor: actor.kind,
        actorUserId: actor.userId ?? null,
        action: 'exchange_rates.import',
        entityType: 'exchange_rates',
        entityId: `ecb:${parsed.date}`,
        data: { ...written, date: parsed.date, rates: rates.length, skipped: parsed.skipped },
      });
      return written;
    });
    this.logger?.info({ date: parsed.date, ...counts, skipped: parsed.skipped }, 'ECB reference rates imported');
    return {
      source: 'ecb',
      date: parsed.date,
      validFrom: validFrom.toISOString(),
      rates: rates.length,
      skipped: parsed.skipped,
      ...counts,
    };
  }
}
