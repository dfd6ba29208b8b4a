/**
 * Invoice rendering benchmark: `npm run bench:invoices` from the repository root.
 *
 * Renders N invoice and credit-note snapshots to PDF one after another in this process (one
 * core: rendering is synchronous JavaScript and zlib), varying buyers across scripts (Latin,
 * Japanese, Arabic, Cyrillic, Greek, Vietnamese), currencies (zero, two and three decimals),
 * line counts, exchange-rate notes and document numbers, and prints documents per second,
 * render time percentiles, bytes per document and peak memory. The first document, which
 * parses the fonts, is reported on its own. At the end it renders a few snapshots again and
 * exits non-zero if any PDF differs from the first time (rendering must be deterministic).
 *
 * Environment: BENCH_N (default 1000, at least 1000), BENCH_SEED (default 42).
 */
import type { BuyerParty, InvoiceSnapshot } from '../src/domain/invoices/invoice-snapshot';
import { renderInvoicePdf } from '../src/documents/invoice-pdf';
import { creditNoteFor, invoiceSnapshot, WORLD_BUYERS } from '../test/support/invoice-snapshots';
import { createRng } from './lib/events';
import { fmt, summarizeLatencies, table } from './lib/stats';

const MIN_N = 1000;

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer (got '${raw}')`);
  return value;
}

/** Currency, VAT rate, and a unit net price in its minor units. */
const PRICES: [string, string, number][] = [
  ['EUR', '20', 3750],
  ['EUR', '0', 4900],
  ['USD', '0', 4900],
  ['GBP', '20', 3900],
  ['JPY', '10', 7417],
  ['KWD', '0', 15049],
  ['INR', '18', 399900],
  ['CHF', '7.7', 4490],
  ['KRW', '10', 65000],
  ['TRY', '20', 159900],
];

const GIVEN: Record<string, string[]> = {
  latin: ['Ada', 'Grace', 'Émile', 'Zoë', 'Łukasz', 'Søren', 'Ágnes', 'João'],
  japanese: ['太郎', '花子', '翔太', 'さくら'],
  arabic: ['محمد', 'فاطمة', 'يوسف', 'ليلى'],
  cyrillic: ['Анна', 'Дмитрий', 'Олена', 'Иван'],
  greek: ['Γιώργος', 'Ελένη', 'Νίκος'],
};
const FAMILY: Record<string, string[]> = {
  latin: ['Lovelace', 'Hopper', 'Müller-Ødegård', 'Nguyễn', 'Dvořák', 'García Márquez'],
  japanese: ['山田', '佐藤', '鈴木', '高橋'],
  arabic: ['العلي', 'الزهراء', 'بن يوسف', 'الحسن'],
  cyrillic: ['Кузнецова', 'Петров', 'Шевченко'],
  greek: ['Παπαδόπουλος', 'Οικονόμου'],
};
const COURSES = [
  'TypeScript Payments Masterclass',
  'Webhooks in Depth: Retries, Idempotency and Ordering',
  '決済システム入門',
  'دورة المدفوعات الإلكترونية',
  'Основы платёжных систем',
];

function buildSnapshots(n: number, seed: number): InvoiceSnapshot[] {
  const rng = createRng(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(rng() * items.length)];
  const snapshots: InvoiceSnapshot[] = [];
  for (let i = 0; i < n; i++) {
    const script = pick(Object.keys(GIVEN));
    const name =
      script === 'japanese'
        ? `${pick(FAMILY[script])}${pick(GIVEN[script])}`
        : `${pick(GIVEN[script])} ${pick(FAMILY[script])}`;
    const base = pick(WORLD_BUYERS);
    const buyer: BuyerParty = { ...base, name, email: `buyer${i}@example.com` };
    const [currency, ratePercent, unitNet] = pick(PRICES);
    const lines = Array.from({ length: 1 + Math.floor(rng() * 3) }, (_, k) => ({
      description: k === 0 ? pick(COURSES) : `${pick(COURSES)} (module ${k + 1})`,
      quantity: 1 + Math.floor(rng() * 2),
      unitNet: unitNet + Math.floor(rng() * 1000),
    }));
    const invoice = invoiceSnapshot({
      number: `INV-2026-${String(i + 1).padStart(6, '0')}`,
      issuedAt: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
      currency,
      ratePercent,
      lines,
      buyer,
      exchangeRate:
        currency === 'EUR'
          ? null
          : {
              rate: '1.0842',
              source: 'ecb',
              validFrom: '2026-11-30T00:00:00.000Z',
              baseAmount: 4900,
              baseCurrency: 'EUR',
            },
      payment: { provider: rng() < 0.7 ? 'stripe' : 'paypal', reference: `pi_bench${seed}x${i}` },
    });
    // Every fifth document a credit note for it.
    snapshots.push(
      i % 5 === 4 ? creditNoteFor(invoice, { number: `CN-2026-${String(i + 1).padStart(6, '0')}` }) : invoice,
    );
  }
  return snapshots;
}

interface Peaks {
  rss: number;
  heapUsed: number;
}

function samplePeaks(peaks: Peaks): void {
  const m = process.memoryUsage();
  peaks.rss = Math.max(peaks.rss, m.rss);
  peaks.heapUsed = Math.max(peaks.heapUsed, m.heapUsed);
}

async function main(): Promise<void> {
  const n = positiveInt('BENCH_N', MIN_N);
  if (n < MIN_N) throw new Error(`BENCH_N must be at least ${MIN_N} (got ${n})`);
  const seed = positiveInt('BENCH_SEED', 42);
  const snapshots = buildSnapshots(n, seed);
  const kinds = snapshots.filter((s) => s.kind === 'credit_note').length;
  console.log(
    `rendering ${n} documents (${n - kinds} invoices, ${kinds} credit notes), seed ${seed}, one after another …`,
  );

  const peaks: Peaks = { rss: 0, heapUsed: 0 };
  samplePeaks(peaks);
  const rssBefore = peaks.rss;
  const latencies = new Float64Array(n);
  const firstPdfs: Buffer[] = [];
  let bytes = 0;
  const cpuStart = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    const pdf = await renderInvoicePdf(snapshots[i]);
    latencies[i] = Number(process.hrtime.bigint() - t0) / 1e6;
    bytes += pdf.length;
    if (i < 5) firstPdfs.push(pdf);
    samplePeaks(peaks);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;

  const steady = summarizeLatencies(latencies.subarray(1));
  const mib = (b: number) => fmt(b / 1024 / 1024, 0);
  console.log(
    '\n' +
      table([
        ['', 'value'],
        ['documents', String(n)],
        ['documents/s (one after another, first included)', fmt(n / seconds, 0)],
        ['first document, fonts parsed (ms)', fmt(latencies[0], 1)],
        [
          'render p50 / p95 / p99 after it (ms)',
          `${fmt(steady.p50, 2)} / ${fmt(steady.p95, 2)} / ${fmt(steady.p99, 2)}`,
        ],
        ['render max after it (ms)', fmt(steady.max, 1)],
        ['bytes per document (mean)', fmt(bytes / n, 0)],
        ['CPU s / wall s', `${fmt(cpuSeconds, 1)} / ${fmt(seconds, 1)}`],
        ['RSS before / peak (MiB)', `${mib(rssBefore)} / ${mib(peaks.rss)}`],
        ['peak heap used (MiB)', mib(peaks.heapUsed)],
      ]),
  );
  // CPU time above wall time is V8's garbage collector and compiler threads; rendering itself
  // runs on this one thread (pin it with `taskset -c 0` to keep those on the same core too).

  let differing = 0;
  for (let i = 0; i < firstPdfs.length; i++) {
    if (!(await renderInvoicePdf(snapshots[i])).equals(firstPdfs[i])) differing++;
  }
  if (differing > 0) {
    console.error(`\n${differing} of ${firstPdfs.length} documents rendered differently the second time`);
    process.exitCode = 1;
  } else {
    console.log(`\nre-rendered ${firstPdfs.length} documents after the run: byte-identical`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
