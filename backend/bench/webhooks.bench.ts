/**
 * Webhook benchmark (issue 4 §7): `npm run bench:webhooks` from the repository root.
 *
 * Starts a throw-away PostgreSQL (or uses BENCH_DATABASE_URL), the built product
 * (backend/dist/server.js) and a minimal reference endpoint (bench/reference-server.ts), each in
 * its own process. For each concurrency it seeds N pending Stripe payments, sends N signed
 * `checkout.session.completed` events plus 10 % duplicate deliveries, and measures acknowledgement
 * throughput and latency, the time until every payment is completed and its student enrolled, peak
 * memory and CPU; then the same for the reference. It prints the figures, checks that nothing was
 * lost or done twice, and exits non-zero on a correctness failure.
 *
 * Environment: BENCH_N (default 20000), BENCH_CONCURRENCY (default "16,64"), BENCH_DUPLICATES
 * (default 0.1), BENCH_ROUND_TIMEOUT_S (default 600), BENCH_SEED (default 42), BENCH_DATABASE_URL,
 * BENCH_PRODUCT_NODE_ARGS (extra node flags for the product, e.g. --cpu-prof), BENCH_MAIL (default
 * "disabled": receipts are filed skipped, as with MAIL_DISABLED=true; "smtp": each receipt is rendered
 * with its invoice PDF and sent to a mail server in this process that only counts what it gets),
 * BENCH_MAIL_SEND_PER_SECOND (default 1000, uncapped in effect: the round pays for every receipt;
 * the product's own default is 20).
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import {
  createBenchTables,
  pickCourse,
  readCounters,
  resetStatements,
  seedPendingPayments,
  settle,
  startDatabase,
  waitUntilEmailsSettled,
  waitUntilInvoiced,
  topStatements,
  waitUntilProcessed,
  receivedBacklog,
  type CourseUnderTest,
  type DbCounters,
  type StatementSummary,
} from './lib/database';
import { buildDeliveries, createRng, createSigner } from './lib/events';
import { sendAll, type LoadResult } from './lib/load';
import {
  MemorySampler,
  cpuSeconds,
  freePort,
  machineCpu,
  postgresCpuSeconds,
  spawnServer,
  waitForReady,
  type ServerProcess,
} from './lib/processes';
import { fmt, summarizeLatencies, table, type LatencySummary } from './lib/stats';
import { startSmtpSink, type SmtpSink } from './lib/smtp-sink';
import { verifyNoStuckEvents, verifyReceipts, verifyRound, type Check, type RoundKind } from './lib/verify';

const REPO_ROOT = path.resolve(__dirname, '../..');

interface BenchSettings {
  n: number;
  concurrencies: number[];
  duplicateRatio: number;
  roundTimeoutMs: number;
  seed: number;
  mail: 'disabled' | 'smtp';
  mailSendPerSecond: number;
}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer (got '${raw}')`);
  return value;
}

function mailMode(raw: string | undefined): BenchSettings['mail'] {
  if (raw === undefined || raw === '' || raw === 'disabled') return 'disabled';
  if (raw === 'smtp') return 'smtp';
  throw new Error(`BENCH_MAIL must be 'disabled' or 'smtp' (got '${raw}')`);
}

function readSettings(): BenchSettings {
  const concurrencies = (process.env.BENCH_CONCURRENCY ?? '16,64').split(',').map((c) => Number(c.trim()));
  if (concurrencies.some((c) => !Number.isInteger(c) || c <= 0 || c > 1024)) {
    throw new Error('BENCH_CONCURRENCY must be a comma-separated list of integers in 1..1024');
  }
  const duplicateRatio = Number(process.env.BENCH_DUPLICATES ?? '0.1');
  if (!(duplicateRatio >= 0 && duplicateRatio <= 1)) throw new Error('BENCH_DUPLICATES must be in 0..1');
  return {
    n: positiveInt('BENCH_N', 20_000),
    concurrencies,
    duplicateRatio,
    roundTimeoutMs: positiveInt('BENCH_ROUND_TIMEOUT_S', 600) * 1000,
    seed: positiveInt('BENCH_SEED', 42),
    mail: mailMode(process.env.BENCH_MAIL),
    mailSendPerSecond: positiveInt('BENCH_MAIL_SEND_PER_SECOND', 1000),
  };
}

/** One server under test, as a round sees it. */
interface Target {
  kind: RoundKind;
  server: ServerProcess;
  webhookUrl: URL;
}

/** Resource use over one round, per event where that makes rounds of any N comparable. */
interface ResourceUse {
  serverCpuMsPerEvent: number;
  postgresCpuMsPerEvent: number;
  benchCpuMsPerEvent: number;
  hostBusyPercent: number;
  loadAverage: [number, number];
  commitsPerEvent: number;
  walBytesPerEvent: number;
  walFsyncsPerEvent: number;
  statements?: StatementSummary;
}

interface RoundResult extends ResourceUse {
  kind: RoundKind;
  concurrency: number;
  round: string;
  n: number;
  duplicatesSent: number;
  load: LoadResult;
  latency: LatencySummary;
  ackPerSecond: number;
  /** Seconds from the first send until every payment was completed and enrolled; undefined if never. */
  processedSeconds?: number;
  processedPerSecond: number;
  peakMiB: number;
  /** Events stored but not yet applied when the last delivery was acknowledged (product only). */
  backlogAtLastAck?: number;
  checks: Check[];
}

interface BenchContext {
  settings: BenchSettings;
  runId: string;
  pool: Pool;
  databaseUrl: string;
  postmasterPid?: number;
  course: CourseUnderTest;
  statements: boolean;
  webhookSecret: string;
  /** The mail server the product sends receipts to (BENCH_MAIL=smtp). */
  smtpSink?: SmtpSink;
}

/**
 * Cleanup steps run once, newest first, on success, failure or Ctrl-C. Every caller gets the same
 * promise, so a failing main flow cannot exit while a signal handler is still stopping things.
 */
class Cleanup {
  private readonly steps: { name: string; run: () => Promise<void> }[] = [];
  private running?: Promise<void>;

  add(name: string, run: () => Promise<void>): void {
    this.steps.push({ name, run });
  }

  runAll(): Promise<void> {
    this.running ??= this.runSteps();
    return this.running;
  }

  private async runSteps(): Promise<void> {
    for (const step of [...this.steps].reverse()) {
      try {
        await step.run();
      } catch (error) {
        console.error(`cleanup: ${step.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

interface ProductMail {
  smtpUrl?: string;
  sendPerSecond: number;
}

function productEnv(port: number, databaseUrl: string, webhookSecret: string, mail: ProductMail): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    // Not NODE_ENV=production, which refuses the test key, the API override and the demo data this
    // run needs; with keys set it runs as deployed otherwise (no sandbox, no stacks, own JWT secret).
    JWT_SECRET: randomBytes(32).toString('hex'),
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    SEED_DEMO_DATA: 'true',
    // Keys set, so the offline sandbox stays off; the Stripe API itself is never called.
    STRIPE_SECRET_KEY: 'sk_test_bench',
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_API_BASE: 'http://127.0.0.1:9',
    // Every completion still gets its invoice numbered within seconds (measured: the round waits
    // for it); PDF rendering, whose cost `npm run bench:invoices` measures, stays off so its
    // backlog does not run on into the reference's round.
    DOCUMENT_RENDER_PER_SECOND: '0',
    // Every completion's receipt row is written and settled (the round waits for it). By default
    // mail is disabled, so the relay files them skipped: the webhook path with its outbox write.
    // BENCH_MAIL=smtp sends each with its invoice PDF (rendered on demand) to the bench's sink.
    // Uncapped by default, so the round also pays for draining them.
    ...(mail.smtpUrl ? { SMTP_URL: mail.smtpUrl } : { MAIL_DISABLED: 'true' }),
    MAIL_SEND_PER_SECOND: String(mail.sendPerSecond),
  };
}

async function startProduct(databaseUrl: string, webhookSecret: string, mail: ProductMail): Promise<Target> {
  const port = await freePort();
  const server = spawnServer({
    name: 'product',
    // BENCH_PRODUCT_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the product.
    args: [...(process.env.BENCH_PRODUCT_NODE_ARGS ?? '').split(' ').filter(Boolean), 'backend/dist/server.js'],
    env: productEnv(port, databaseUrl, webhookSecret, mail),
    port,
    cwd: REPO_ROOT,
  });
  return { kind: 'product', server, webhookUrl: new URL('/api/payments/webhook/stripe', server.baseUrl) };
}

async function startReference(databaseUrl: string, webhookSecret: string): Promise<Target> {
  const port = await freePort();
  const server = spawnServer({
    name: 'reference',
    // tsx only transpiles at load time; the request path runs as plain JavaScript like the product's.
    args: ['--import', 'tsx', 'backend/bench/reference-server.ts'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      STRIPE_WEBHOOK_SECRET: webhookSecret,
    },
    port,
    cwd: REPO_ROOT,
  });
  return { kind: 'reference', server, webhookUrl: new URL('/webhook/stripe', server.baseUrl) };
}

/** Everything measured around one round, read before it starts. */
interface Baseline {
  serverCpu: number;
  postgresCpu: number;
  benchCpu: NodeJS.CpuUsage;
  host: { busy: number; total: number };
  counters: DbCounters;
}

async function takeBaseline(ctx: BenchContext, target: Target): Promise<Baseline> {
  if (ctx.statements) await resetStatements(ctx.pool);
  return {
    counters: await readCounters(ctx.pool),
    serverCpu: cpuSeconds(target.server.pid),
    postgresCpu: postgresCpuSeconds(ctx.postmasterPid),
    benchCpu: process.cpuUsage(),
    host: machineCpu(),
  };
}

async function runRound(ctx: BenchContext, target: Target, concurrency: number): Promise<RoundResult> {
  const { n, duplicateRatio, roundTimeoutMs } = ctx.settings;
  const round = `${ctx.runId}_${target.kind}_c${concurrency}`;
  const eventIdPrefix = `evt_bench_${round}`;
  console.log(`\n[${round}] seeding ${n} pending payments …`);
  const { payments, seededAt } = await seedPendingPayments(ctx.pool, round, n, ctx.course);
  await settle(ctx.databaseUrl);
  // The same seed for product and reference at a concurrency: both get the same duplicate pattern.
  const { deliveries, duplicates } = buildDeliveries(
    payments,
    eventIdPrefix,
    duplicateRatio,
    createRng(ctx.settings.seed + concurrency),
  );
  console.log(
    `[${round}] sending ${deliveries.length} deliveries (${duplicates} duplicates) at concurrency ${concurrency} …`,
  );

  const receivedAtStart = ctx.smtpSink?.received() ?? 0;
  const baseline = await takeBaseline(ctx, target);
  const memory = new MemorySampler(target.server.pid);
  memory.start();
  const deadline = Date.now() + roundTimeoutMs;
  const sign = createSigner(ctx.webhookSecret);

  // Poll in parallel with the load: "processed" is measured from the first send.
  const processed = waitUntilProcessed(ctx.pool, round, n, seededAt, deadline, () => !target.server.exited());
  // Awaited after the load; until then an early failure (e.g. Ctrl-C) must not count as unhandled.
  processed.catch(() => undefined);
  const load = await sendAll(deliveries, { url: target.webhookUrl, concurrency, sign, deadlineMs: deadline });
  const backlogAtLastAck = target.kind === 'product' ? await receivedBacklog(ctx.pool) : undefined;
  const processedAt = await processed;
  if (target.kind === 'product') {
    await waitUntilInvoiced(ctx.pool, deadline);
    console.log(
      `  ${round}: every invoice numbered ${((performance.now() - (processedAt ?? performance.now())) / 1000).toFixed(1)} s after the last payment completed`,
    );
    await waitUntilEmailsSettled(ctx.pool, deadline);
    console.log(
      `  ${round}: every receipt settled ${((performance.now() - (processedAt ?? performance.now())) / 1000).toFixed(1)} s after the last payment completed` +
        (ctx.smtpSink ? ` (${ctx.smtpSink.received() - receivedAtStart} received by the mail server)` : ''),
    );
  }
  const peakMiB = memory.stop();
  const after = await takeMeasurements(ctx, target, baseline);
  console.log(
    `[${round}] acknowledged ${load.acknowledged} in ${fmt((load.finishedAt - load.startedAt) / 1000, 1)} s; ` +
      (processedAt === undefined
        ? 'NOT fully processed before the time limit'
        : `all processed after ${fmt((processedAt - load.startedAt) / 1000, 1)} s`),
  );

  const ackSeconds = (load.finishedAt - load.startedAt) / 1000;
  const processedSeconds = processedAt === undefined ? undefined : (processedAt - load.startedAt) / 1000;
  const checks = await verifyRound(ctx.pool, target.kind, round, n, eventIdPrefix);
  if (target.kind === 'product') {
    checks.push(await verifyReceipts(ctx.pool, round, n, ctx.settings.mail === 'smtp' ? 'sent' : 'skipped'));
    if (ctx.smtpSink) {
      const received = ctx.smtpSink.received() - receivedAtStart;
      checks.push({
        name: `${round}: the mail server received one message per payment`,
        ok: received === n,
        detail: `${received}/${n}`,
      });
    }
  }
  checks.push(deliveryCheck(round, load, deliveries.length, duplicates));
  return {
    kind: target.kind,
    concurrency,
    round,
    n,
    duplicatesSent: duplicates,
    load,
    latency: summarizeLatencies(load.latenciesMs),
    ackPerSecond: load.acknowledged / ackSeconds,
    processedSeconds,
    processedPerSecond: processedSeconds === undefined ? Number.NaN : n / processedSeconds,
    peakMiB,
    backlogAtLastAck,
    ...after,
    checks,
  };
}

function deliveryCheck(round: string, load: LoadResult, sent: number, duplicates: number): Check {
  const ok =
    load.acknowledged === sent && load.abandoned === 0 && !load.timedOut && load.reportedDuplicates === duplicates;
  return {
    name: `${round}: every delivery acknowledged, duplicates recognised`,
    ok,
    detail:
      `${load.acknowledged}/${sent} acknowledged, ${load.reportedDuplicates}/${duplicates} reported duplicate, ` +
      `${load.failedAttempts} failed attempts, ${load.abandoned} abandoned${load.timedOut ? ', TIMED OUT' : ''}`,
  };
}

async function takeMeasurements(ctx: BenchContext, target: Target, before: Baseline): Promise<ResourceUse> {
  const n = ctx.settings.n;
  const counters = await readCounters(ctx.pool);
  const host = machineCpu();
  const bench = process.cpuUsage(before.benchCpu);
  return {
    serverCpuMsPerEvent: ((cpuSeconds(target.server.pid) - before.serverCpu) * 1000) / n,
    postgresCpuMsPerEvent: ((postgresCpuSeconds(ctx.postmasterPid) - before.postgresCpu) * 1000) / n,
    benchCpuMsPerEvent: (bench.user + bench.system) / 1000 / n,
    hostBusyPercent: (100 * (host.busy - before.host.busy)) / Math.max(1, host.total - before.host.total),
    loadAverage: [loadavg()[0], loadavg()[1]],
    commitsPerEvent: (counters.commits - before.counters.commits) / n,
    walBytesPerEvent: (counters.walBytes - before.counters.walBytes) / n,
    walFsyncsPerEvent: (counters.walFsyncs - before.counters.walFsyncs) / n,
    statements: ctx.statements ? await topStatements(ctx.pool, 8) : undefined,
  };
}

// ---------------------------------------------------------------- output

function ratio(a: number, b: number): string {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a';
}

function printConcurrencyTable(settings: BenchSettings, product: RoundResult, reference: RoundResult): void {
  const requests = product.load.latenciesMs.length;
  console.log(
    `\n=== Concurrency ${product.concurrency}: ${settings.n} events + ${product.duplicatesSent} duplicate deliveries ` +
      `(${product.n + product.duplicatesSent} requests; product acknowledged ${requests}) ===`,
  );
  const row = (label: string, p: string, r: string, ratioText = ''): string[] => [label, p, r, ratioText];
  console.log(
    table([
      ['', 'product', 'reference', 'product/reference'],
      row(
        'acknowledged events/s',
        fmt(product.ackPerSecond, 0),
        fmt(reference.ackPerSecond, 0),
        ratio(product.ackPerSecond, reference.ackPerSecond),
      ),
      row('ack latency p50 (ms)', fmt(product.latency.p50, 1), fmt(reference.latency.p50, 1)),
      row('ack latency p95 (ms)', fmt(product.latency.p95, 1), fmt(reference.latency.p95, 1)),
      row('ack latency p99 (ms)', fmt(product.latency.p99, 1), fmt(reference.latency.p99, 1)),
      row('ack latency max (ms)', fmt(product.latency.max, 1), fmt(reference.latency.max, 1)),
      row(
        'fully processed events/s',
        fmt(product.processedPerSecond, 0),
        fmt(reference.processedPerSecond, 0),
        ratio(product.processedPerSecond, reference.processedPerSecond),
      ),
      row(
        'first send -> all processed (s)',
        fmt(product.processedSeconds ?? Number.NaN, 1),
        fmt(reference.processedSeconds ?? Number.NaN, 1),
      ),
      row('unprocessed backlog at last ack', String(product.backlogAtLastAck ?? 'n/a'), '0 (synchronous)'),
      row('peak RSS of the server (MiB)', fmt(product.peakMiB, 0), fmt(reference.peakMiB, 0)),
      row(
        'server CPU per event (ms)',
        fmt(product.serverCpuMsPerEvent, 2),
        fmt(reference.serverCpuMsPerEvent, 2),
        ratio(product.serverCpuMsPerEvent, reference.serverCpuMsPerEvent),
      ),
      row(
        'PostgreSQL CPU per event (ms)',
        fmt(product.postgresCpuMsPerEvent, 2),
        fmt(reference.postgresCpuMsPerEvent, 2),
        ratio(product.postgresCpuMsPerEvent, reference.postgresCpuMsPerEvent),
      ),
      row(
        'load generator CPU per event (ms)',
        fmt(product.benchCpuMsPerEvent, 2),
        fmt(reference.benchCpuMsPerEvent, 2),
      ),
      row('DB transactions per event', fmt(product.commitsPerEvent, 2), fmt(reference.commitsPerEvent, 2)),
      row('WAL fsyncs per event', fmt(product.walFsyncsPerEvent, 2), fmt(reference.walFsyncsPerEvent, 2)),
      row('WAL bytes per event', fmt(product.walBytesPerEvent, 0), fmt(reference.walBytesPerEvent, 0)),
      row(
        'DB statements (round trips) per event',
        fmt(statementsPerEvent(product), 2),
        fmt(statementsPerEvent(reference), 2),
      ),
      row(
        'DB statement time per event (ms)',
        fmt(statementMsPerEvent(product), 2),
        fmt(statementMsPerEvent(reference), 2),
      ),
      row('host CPU busy during round (%)', fmt(product.hostBusyPercent, 0), fmt(reference.hostBusyPercent, 0)),
      row('load average 1m at end', fmt(product.loadAverage[0], 2), fmt(reference.loadAverage[0], 2)),
      row(
        'failed attempts (non-2xx/errors)',
        String(product.load.failedAttempts),
        String(reference.load.failedAttempts),
      ),
    ]),
  );
}

function statementMsPerEvent(result: RoundResult): number {
  return result.statements ? result.statements.totalMs / result.n : Number.NaN;
}

function statementsPerEvent(result: RoundResult): number {
  return result.statements ? result.statements.calls / result.n : Number.NaN;
}

function printStatements(result: RoundResult): void {
  if (!result.statements) return;
  console.log(
    `\n--- ${result.kind} @ ${result.concurrency}: where the database time went (pg_stat_statements, top 8) ---`,
  );
  const rows = result.statements.top.map((s) => [
    s.query.length > 96 ? `${s.query.slice(0, 93)}...` : s.query,
    fmt(s.calls / result.n, 2),
    fmt(s.meanMs, 3),
    fmt(s.totalMs / result.n, 3),
    `${fmt((100 * s.totalMs) / Math.max(1e-9, result.statements!.totalMs), 0)}%`,
  ]);
  console.log(table([['statement', 'calls/event', 'mean ms', 'ms/event', 'share'], ...rows]));
}

function printAims(results: RoundResult[]): void {
  console.log('\n=== Aims (issue 4 §7) ===');
  const byConcurrency = new Map<number, { product?: RoundResult; reference?: RoundResult }>();
  for (const r of results) byConcurrency.set(r.concurrency, { ...byConcurrency.get(r.concurrency), [r.kind]: r });
  const at64 = byConcurrency.get(64);
  if (at64?.product && at64.reference) {
    const value = at64.product.processedPerSecond / at64.reference.processedPerSecond;
    console.log(
      `${value >= 0.8 ? 'MET    ' : 'NOT MET'}  processed throughput at concurrency 64 >= 0.8 × reference: ${fmt(value, 2)}×`,
    );
  }
  for (const [concurrency, pair] of byConcurrency) {
    if (!pair.product) continue;
    const p99 = pair.product.latency.p99;
    console.log(
      `${p99 < 100 ? 'MET    ' : 'NOT MET'}  product ack p99 < 100 ms at concurrency ${concurrency}: ${fmt(p99, 1)} ms`,
    );
  }
}

function printChecks(checks: Check[]): boolean {
  console.log('\n=== Correctness ===');
  for (const check of checks) console.log(`${check.ok ? 'PASS' : 'FAIL'}  ${check.name} (${check.detail})`);
  const failed = checks.filter((c) => !c.ok).length;
  console.log(
    failed === 0 ? `\nPASS: all ${checks.length} checks` : `\nFAIL: ${failed} of ${checks.length} checks failed`,
  );
  return failed === 0;
}

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  const settings = readSettings();
  const cleanup = new Cleanup();
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping servers and PostgreSQL …`);
    void cleanup.runAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    console.log(
      `Webhook benchmark: N = ${settings.n}, concurrency ${settings.concurrencies.join(', ')}, ` +
        `${settings.duplicateRatio * 100}% duplicates, mail ${settings.mail} at ${settings.mailSendPerSecond}/s at most; host: 2 cores shared by PostgreSQL, the server and this load generator (load average at start ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')})`,
    );
    const database = await startDatabase(await freePort(), (line) => console.error(`postgres: ${line}`));
    cleanup.add('PostgreSQL', () => database.stop());
    console.log(
      process.env.BENCH_DATABASE_URL ? 'Database: BENCH_DATABASE_URL' : 'Database: embedded PostgreSQL in a temp dir',
    );

    const webhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
    const smtpSink = settings.mail === 'smtp' ? await startSmtpSink() : undefined;
    if (smtpSink) cleanup.add('SMTP sink', () => smtpSink.close());
    const product = await startProduct(database.url, webhookSecret, {
      smtpUrl: smtpSink?.url,
      sendPerSecond: settings.mailSendPerSecond,
    });
    cleanup.add('product', () => product.server.stop());
    await waitForReady(product.server, '/readyz', 180_000); // migrations and the demo seed run first
    console.log(`Product ready (pid ${product.server.pid}, ${product.server.baseUrl.href})`);

    const pool = new Pool({ connectionString: database.url, max: 4 });
    // An idle connection dropped by a stopping server (Ctrl-C reaches PostgreSQL too) is not a crash.
    pool.on('error', (error) => console.error(`bench pool: ${error.message}`));
    cleanup.add('bench pool', () => pool.end());
    const { statements } = await createBenchTables(pool);
    const course = await pickCourse(pool);

    const reference = await startReference(database.url, webhookSecret);
    cleanup.add('reference', () => reference.server.stop());
    await waitForReady(reference.server, '/readyz', 60_000);
    console.log(`Reference ready (pid ${reference.server.pid}, ${reference.server.baseUrl.href})`);

    const ctx: BenchContext = {
      settings,
      runId: randomBytes(3).toString('hex'),
      pool,
      databaseUrl: database.url,
      postmasterPid: database.postmasterPid,
      course,
      statements,
      webhookSecret,
      smtpSink,
    };
    const results: RoundResult[] = [];
    for (const concurrency of settings.concurrencies) {
      // Product first, then the reference on a fresh set of payments; the idle server of the pair
      // stays up (its idle cost, pg-boss polling, is negligible and shows in host CPU).
      for (const target of [product, reference]) results.push(await runRound(ctx, target, concurrency));
    }

    for (const concurrency of settings.concurrencies) {
      const pair = results.filter((r) => r.concurrency === concurrency);
      const p = pair.find((r) => r.kind === 'product');
      const r = pair.find((r) => r.kind === 'reference');
      if (p && r) printConcurrencyTable(settings, p, r);
    }
    for (const result of results) printStatements(result);
    printAims(results);
    const checks = [...results.flatMap((r) => r.checks), await verifyNoStuckEvents(pool)];
    return printChecks(checks) ? 0 : 1;
  } finally {
    await cleanup.runAll();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(2);
  },
);
