import type { Logger } from '../../logger';
import type { CurrencyService } from '../catalog/currency.service';
import type { EcbImportResult, ExchangeRateAdminService } from './exchange-rate-admin.service';

/** Node's fetch, replaceable in tests. */
export type Fetcher = (url: string, init: { signal: AbortSignal }) => Promise<Response>;

/** The ECB daily file is about 2 KB; anything much larger is not it. */
const MAX_BODY_BYTES = 256 * 1024;
const FETCH_TIMEOUT_MS = 30_000;

export interface RatesRefreshOutcome {
  imported?: EcbImportResult;
  /** Pairs in use (quote sold here) whose rate is older than RATES_MAX_AGE_DAYS after the refresh. */
  stale: string[];
}

/**
 * The daily rates job: where RATES_SOURCE_URL is set, fetch the ECB daily file from it and
 * import it (nothing is fetched when it is unset); then log every rate in use that is stale.
 */
export class RatesRefreshService {
  constructor(
    private readonly admin: ExchangeRateAdminService,
    private readonly currencies: CurrencyService,
    private readonly sourceUrl: string | undefined,
    private readonly logger: Logger,
    private readonly fetcher: Fetcher = fetch,
  ) {}

  get fetches(): boolean {
    return this.sourceUrl !== undefined;
  }

  async run(): Promise<RatesRefreshOutcome> {
    const imported = this.sourceUrl ? await this.fetchAndImport(this.sourceUrl) : undefined;
    const stale = (await this.currencies.currentRates()).filter((r) => r.stale);
    for (const rate of stale) {
      this.logger.warn(
        {
          base: rate.base,
          quote: rate.quote,
          source: rate.source,
          validFrom: rate.validFrom,
          maxAgeDays: this.currencies.maxRateAgeDays,
        },
        'exchange rate in use is stale; import fresh rates',
      );
    }
    return { imported, stale: stale.map((r) => `${r.base}>${r.quote}`) };
  }

  private async fetchAndImport(url: string): Promise<EcbImportResult> {
    const response = await this.fetcher(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`rates source answered HTTP ${response.status}`);
    return this.admin.importEcb(await readCapped(response, MAX_BODY_BYTES), { kind: 'system' });
  }
}

/** The body as text, refusing to read past `max` bytes (a wrong URL can point at anything). */
async function readCapped(response: Response, max: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new Error(`rates source sent more than ${max} bytes; expected the ECB daily file`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
