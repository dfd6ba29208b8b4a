import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import type { AccessRules } from '../domain/entitlements/access-decision';
import type { SubscriptionAccessRules } from '../domain/subscriptions/subscription-access';
import { numberFormat, numberFormatProblem, type NumberFormat } from '../domain/invoices/document-number';
import type { SellerParty } from '../domain/invoices/invoice-snapshot';
import { parseRatePercent, type TaxRule } from '../domain/invoices/tax';
import { isKnownCurrency } from '../domain/money';

/**
 * The one place that reads the environment. Everything else receives a typed Config.
 * An invalid value stops start-up with a single line naming the variable.
 */

const DEV_JWT_SECRET = 'dev-only-insecure-jwt-secret-do-not-use-in-production';

const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code in upper case')
  .refine(isKnownCurrency, 'is not an ISO 4217 currency');

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** Text printed on documents: one line, no control characters, not empty. */
const printable = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

const booleanFlag = z.enum(['true', 'false'], { error: "must be 'true' or 'false'" }).transform((v) => v === 'true');

const numberPattern = z.string().superRefine((value, ctx) => {
  const problem = numberFormatProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const port = z.coerce
  .number({ error: 'must be a port number (0-65535)' })
  .int('must be a port number (0-65535)')
  .min(0, 'must be a port number (0-65535)')
  .max(65535, 'must be a port number (0-65535)');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().default('0.0.0.0'),
  TRUST_PROXY: z.string().default('loopback'),
  APP_BASE_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: optionalString.pipe(z.url().optional()),
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_PG_PORT: port.default(5499),
  JWT_SECRET: optionalString,
  JWT_EXPIRES_IN_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 24 * 3600)
    .default(8 * 3600),
  SEED_DEMO_DATA: z.enum(['true', 'false']).optional(),
  ALLOW_TEST_KEYS: booleanFlag.default(false),
  DEFAULT_CURRENCY: currencyCode.default('USD'),
  SUPPORTED_CURRENCIES: z
    .string()
    .default('USD,EUR,GBP,JPY,CAD,AUD,CHF,KWD')
    .transform((v) =>
      v
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean),
    )
    .pipe(z.array(currencyCode).min(1)),
  STRIPE_SECRET_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^(sk|rk)_(test|live)_/, "must start with 'sk_test_' or 'sk_live_'")
      .optional(),
  ),
  STRIPE_PUBLISHABLE_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString.pipe(z.string().startsWith('whsec_', "must start with 'whsec_'").optional()),
  STRIPE_API_BASE: optionalString.pipe(z.url().optional()),
  PAYPAL_CLIENT_ID: optionalString,
  PAYPAL_SECRET: optionalString,
  PAYPAL_ENV: z.enum(['sandbox', 'live']).default('sandbox'),
  PAYPAL_WEBHOOK_ID: optionalString,
  PAYPAL_API_BASE: optionalString.pipe(z.url().optional()),
  SANDBOX_STRIPE_PORT: port.default(12111),
  SANDBOX_PAYPAL_PORT: port.default(12112),
  RECONCILE_AFTER_MINUTES: z.coerce.number().int().min(1).default(15),
  RECONCILE_REFUNDS_DAYS: z.coerce.number().int().min(0).max(365).default(7),
  REFUND_REVOKES_ACCESS: z.enum(['full', 'any', 'never']).default('full'),
  DISPUTE_SUSPENDS_ACCESS: z.enum(['true', 'false']).default('true'),
  SUBSCRIPTION_GRACE_DAYS: z.coerce
    .number({ error: 'must be a number of days (0-60)' })
    .int('must be a whole number of days (0-60)')
    .min(0, 'must be a number of days (0-60)')
    .max(60, 'must be a number of days (0-60)')
    .default(3),
  RATES_SOURCE_URL: optionalString.pipe(z.url('must be a URL').optional()),
  REPORT_CURRENCY: optionalString.pipe(currencyCode.optional()),
  RATES_MAX_AGE_DAYS: z.coerce
    .number({ error: 'must be a whole number of days (1-365)' })
    .int('must be a whole number of days (1-365)')
    .min(1, 'must be a whole number of days (1-365)')
    .max(365, 'must be a whole number of days (1-365)')
    .default(7),
  ROLE: z.enum(['all', 'api', 'worker'], { error: "must be 'all', 'api' or 'worker'" }).default('all'),
  METRICS_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  PAYPAL_WEBHOOK_TOLERANCE_SECONDS: z.coerce
    .number({ error: 'must be a whole number of seconds (60-3600)' })
    .int('must be a whole number of seconds (60-3600)')
    .min(60, 'must be a whole number of seconds (60-3600)')
    .max(3600, 'must be a whole number of seconds (60-3600)')
    .default(600),
  WEBHOOK_BODY_LIMIT: z.string().default('512kb'),
  WEBHOOK_MAX_ATTEMPTS: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(50, 'must be at most 50')
    .default(8),
  SELLER_NAME: printable(120).default('LearnPay Academy Ltd'),
  SELLER_ADDRESS: printable(300).default('1 Example Street|London EC1A 1AA|United Kingdom'),
  SELLER_VAT_ID: z
    .string()
    .trim()
    .regex(/^[A-Z]{2}[0-9A-Z+*.-]{2,15}$/, 'must be a VAT id with its country prefix, e.g. DE123456789 or GB123456789')
    .default('GB000000000'),
  SELLER_EMAIL: z.email('must be an email address').default('billing@learnpay.example'),
  TAX_RATE_PERCENT: z
    .string()
    .default('0')
    .transform((v, ctx) => {
      const points = parseRatePercent(v);
      if (points === undefined)
        ctx.addIssue({
          code: 'custom',
          message: 'must be a percentage from 0 to 100 with at most two decimals, e.g. 20 or 7.7',
        });
      return points ?? 0;
    }),
  PRICES_INCLUDE_TAX: booleanFlag.default(true),
  NO_TAX_NOTE: printable(300).default('No VAT is charged on this sale.'),
  DOCUMENT_RENDER_PER_SECOND: z.coerce
    .number({ error: 'must be a whole number of documents per second (0-1000)' })
    .int('must be a whole number of documents per second (0-1000)')
    .min(0, 'must be a whole number of documents per second (0-1000)')
    .max(1000, 'must be a whole number of documents per second (0-1000)')
    .default(20),
  SMTP_URL: optionalString.pipe(
    z
      .url('must be a URL such as smtp://user:password@mail.example.com:587')
      .refine((v) => /^smtps?:\/\//.test(v), "must start with 'smtp://' or 'smtps://'")
      .optional(),
  ),
  MAIL_FROM: optionalString.pipe(
    z
      .string()
      .max(320, 'must be at most 320 characters')
      .refine(isMailbox, "must be an address or 'Name <address>', e.g. LearnPay <billing@learnpay.example>")
      .optional(),
  ),
  MAIL_ADMIN_TO: optionalString.pipe(
    z
      .string()
      .transform((v, ctx) => {
        const addresses = v
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean);
        const bad = addresses.find((a) => !z.email().safeParse(a).success);
        if (bad !== undefined || addresses.length === 0)
          ctx.addIssue({
            code: 'custom',
            message:
              bad === undefined
                ? 'must be a comma-separated list of email addresses'
                : `must be a comma-separated list of email addresses ('${printableValue(bad)}' is not one)`,
          });
        return addresses;
      })
      .optional(),
  ),
  MAIL_DISABLED: booleanFlag.default(false),
  MAIL_CATCHER_SMTP_PORT: port.default(1025),
  MAIL_CATCHER_WEB_PORT: port.default(1080),
  MAIL_MAX_ATTEMPTS: z.coerce
    .number({ error: 'must be a whole number (1-50)' })
    .int('must be a whole number (1-50)')
    .min(1, 'must be a whole number (1-50)')
    .max(50, 'must be a whole number (1-50)')
    .default(8),
  MAIL_SEND_PER_SECOND: z.coerce
    .number({ error: 'must be a whole number of emails per second (1-1000)' })
    .int('must be a whole number of emails per second (1-1000)')
    .min(1, 'must be a whole number of emails per second (1-1000)')
    .max(1000, 'must be a whole number of emails per second (1-1000)')
    .default(20),
  MAIL_RETRY_DELAY_SECONDS: z.coerce
    .number({ error: 'must be a whole number of seconds (1-3600)' })
    .int('must be a whole number of seconds (1-3600)')
    .min(1, 'must be a whole number of seconds (1-3600)')
    .max(3600, 'must be a whole number of seconds (1-3600)')
    .default(30),
  INVOICE_NUMBER_FORMAT: numberPattern.default('INV-{YYYY}-{000000}'),
  CREDIT_NOTE_NUMBER_FORMAT: numberPattern.default('CN-{YYYY}-{000000}'),
});

export type Env = z.infer<typeof envSchema>;

/** A value quoted in an error line: control characters shown as escapes, so the message stays one line. */
function printableValue(value: string): string {
  return value.replace(/\p{Cc}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `address` or `Display Name <address>`, one line. */
function isMailbox(value: string): boolean {
  if (/\p{Cc}/u.test(value)) return false;
  const named = /^([^<>]*)<([^<>\s]+)>$/.exec(value);
  const address = named ? named[2] : value;
  return z.email().safeParse(address).success;
}

/**
 * How emails leave: SMTP (SMTP_URL), the in-process mail catcher (development without SMTP_URL:
 * nothing leaves the machine), or not at all (MAIL_DISABLED=true, and tests without SMTP_URL).
 */
export interface MailConfig {
  transport: 'smtp' | 'catcher' | 'disabled';
  /** Set when transport is `smtp`. */
  smtpUrl?: string;
  /** The From header of every message. */
  from: string;
  /** Where admin mail goes (the dispute alert, the digest); empty: every admin user. */
  adminTo: string[];
  /** The development mail catcher's ports (0: any free one); used when transport is `catcher`. */
  catcher: { smtpPort: number; webPort: number };
  /** Attempts per email before it is filed as failed. */
  maxAttempts: number;
  /** The first retry's delay; each later one doubles it (pg-boss backoff). */
  retryDelaySeconds: number;
  /**
   * Emails handed to the send job per second at most: in a webhook storm the receipts queue up
   * and drain after it, instead of competing with settlement for the CPU and the database.
   */
  sendPerSecond: number;
}

export interface StripeConfig {
  secretKey: string;
  publishableKey: string;
  webhookSecret: string;
  /** Only set for the offline sandbox; the SDK talks to api.stripe.com otherwise. */
  apiBase?: URL;
}

export interface PayPalConfig {
  clientId: string;
  secret: string;
  env: 'sandbox' | 'live';
  webhookId: string;
  /** Only set for the offline sandbox. */
  apiBase?: URL;
}

/** What this process runs: the HTTP API, the background jobs, or both (one process, the default). */
export type ProcessRole = Env['ROLE'];

export interface Config {
  env: Env['NODE_ENV'];
  role: ProcessRole;
  /** Bearer token `GET /metrics` requires when set (unset: open, for a scraper on a private network). */
  metricsToken?: string;
  /** How far a PayPal webhook's transmission time may be from now before it is refused as a replay. */
  paypalWebhookToleranceSeconds: number;
  /** NODE_ENV=production, and nothing more (use realMoney for safety decisions). */
  isProduction: boolean;
  /**
   * Real money can move: NODE_ENV=production or any live key. Then the dev JWT secret, the
   * embedded database, demo data, the sandbox, API overrides and (without ALLOW_TEST_KEYS) test
   * keys are all refused at start-up.
   */
  realMoney: boolean;
  /** Error bodies carry stack traces: plain development with the offline sandbox only. */
  exposeErrorStacks: boolean;
  /** Accepted but risky settings, logged once at start-up. */
  warnings: string[];
  port: number;
  host: string;
  /** Express 'trust proxy': which proxies' X-Forwarded-For to believe (rate limits key on the client IP). */
  trustProxy: boolean | number | string;
  appBaseUrl: string;
  logLevel: Env['LOG_LEVEL'];
  databaseUrl?: string;
  dataDir: string;
  embeddedPostgresPort: number;
  jwt: { secret: string; expiresInSeconds: number };
  seedDemoData: boolean;
  currencies: { default: string; supported: string[] };
  /** True when no provider keys are set: the offline sandbox stands in for both providers. */
  sandbox: { enabled: boolean; stripePort: number; paypalPort: number };
  stripe?: StripeConfig;
  paypal?: PayPalConfig;
  reconcileAfterMinutes: number;
  /** How far back reconciliation asks the provider for refunds of completed payments (0: never). */
  reconcileRefundsDays: number;
  /** What refunds and chargebacks do to the access a purchase gave. */
  access: AccessRules;
  /** How long a past_due subscription keeps all-access while the provider retries. */
  subscriptions: SubscriptionAccessRules;
  /**
   * Exchange rates: where the daily job fetches the ECB eurofxref-daily.xml format from (no job
   * when unset), and the age after which a rate in use is flagged stale.
   */
  rates: { sourceUrl?: string; maxAgeDays: number };
  /** The admin revenue report's totals are also given converted into this currency (unset: not converted). */
  reportCurrency?: string;
  webhookBodyLimit: string;
  /** Processing attempts of a stored webhook event before it is filed as failed (an admin replays it). */
  webhookMaxAttempts: number;
  invoicing: InvoicingConfig;
  mail: MailConfig;
}

/** What issued documents print and how they are numbered. */
export interface InvoicingConfig {
  seller: SellerParty;
  tax: TaxRule;
  /** Printed on documents when the tax rate is 0. */
  noTaxNote: string;
  invoiceNumbers: NumberFormat;
  creditNoteNumbers: NumberFormat;
  /** PDFs the background renders per second at most (0: only when downloaded). */
  renderPerSecond: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = issue.path.join('.') || 'environment';
    const received = source[variable];
    throw new ConfigError(
      `Invalid configuration: ${variable} ${issue.message}` +
        (received !== undefined && !/SECRET|KEY|PASSWORD|URL/.test(variable)
          ? ` (got '${printableValue(received)}')`
          : ''),
    );
  }
  return buildConfig(parsed.data);
}

function buildConfig(env: Env): Config {
  const isProduction = env.NODE_ENV === 'production';
  const keys = classifyKeys(env);
  const realMoney = isProduction || keys.live.length > 0;
  // Why real money is assumed, for the messages: the operator sees which setting decided it.
  const because = isProduction ? 'NODE_ENV=production' : keys.live[0];
  const sandboxEnabled = !env.STRIPE_SECRET_KEY && !env.PAYPAL_CLIENT_ID;
  const warnings: string[] = [];
  if (!env.SUPPORTED_CURRENCIES.includes(env.DEFAULT_CURRENCY)) {
    throw new ConfigError('Invalid configuration: DEFAULT_CURRENCY must be one of SUPPORTED_CURRENCIES');
  }
  if (env.REPORT_CURRENCY && !env.SUPPORTED_CURRENCIES.includes(env.REPORT_CURRENCY)) {
    throw new ConfigError(
      `Invalid configuration: REPORT_CURRENCY must be one of SUPPORTED_CURRENCIES (got '${env.REPORT_CURRENCY}')`,
    );
  }
  const jwtSecret = chooseJwtSecret(env, realMoney ? because : undefined, sandboxEnabled);
  if (realMoney) {
    refuseUnsafeForRealMoney(env, because, sandboxEnabled);
    warnings.push(...acceptTestKeysOnlyIfAllowed(env, keys.test, because));
  }
  if (env.TRUST_PROXY === 'true') {
    warnings.push(
      'TRUST_PROXY=true believes every X-Forwarded-For hop: any client can forge its IP and with it its rate-limit bucket; ' +
        'name the proxies instead (loopback, a hop count or their addresses)',
    );
  }
  return {
    env: env.NODE_ENV,
    role: env.ROLE,
    metricsToken: env.METRICS_TOKEN,
    paypalWebhookToleranceSeconds: env.PAYPAL_WEBHOOK_TOLERANCE_SECONDS,
    isProduction,
    realMoney,
    exposeErrorStacks: env.NODE_ENV === 'development' && sandboxEnabled && !realMoney,
    warnings,
    port: env.PORT,
    host: env.HOST,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    appBaseUrl: (env.APP_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    logLevel: env.LOG_LEVEL,
    databaseUrl: env.DATABASE_URL,
    dataDir: path.resolve(env.DATA_DIR),
    embeddedPostgresPort: env.EMBEDDED_PG_PORT,
    jwt: { secret: jwtSecret, expiresInSeconds: env.JWT_EXPIRES_IN_SECONDS },
    // Demo logins have published passwords: seeded by default only beside the offline sandbox.
    seedDemoData: env.SEED_DEMO_DATA ? env.SEED_DEMO_DATA === 'true' : sandboxEnabled,
    currencies: { default: env.DEFAULT_CURRENCY, supported: [...new Set(env.SUPPORTED_CURRENCIES)] },
    sandbox: { enabled: sandboxEnabled, stripePort: env.SANDBOX_STRIPE_PORT, paypalPort: env.SANDBOX_PAYPAL_PORT },
    stripe: sandboxEnabled ? sandboxStripe(env) : liveStripe(env),
    paypal: sandboxEnabled ? sandboxPayPal(env) : livePayPal(env),
    reconcileAfterMinutes: env.RECONCILE_AFTER_MINUTES,
    reconcileRefundsDays: env.RECONCILE_REFUNDS_DAYS,
    subscriptions: { graceDays: env.SUBSCRIPTION_GRACE_DAYS },
    access: {
      refundRevokesAccess: env.REFUND_REVOKES_ACCESS,
      disputeSuspendsAccess: env.DISPUTE_SUSPENDS_ACCESS === 'true',
    },
    rates: { sourceUrl: env.RATES_SOURCE_URL, maxAgeDays: env.RATES_MAX_AGE_DAYS },
    reportCurrency: env.REPORT_CURRENCY,
    webhookBodyLimit: env.WEBHOOK_BODY_LIMIT,
    webhookMaxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
    invoicing: invoicingConfig(env),
    mail: mailConfig(env, realMoney ? because : undefined),
  };
}

/** Which configured keys move real money and which are test keys, each named for a message. */
function classifyKeys(env: Env): { live: string[]; test: string[] } {
  const live: string[] = [];
  const test: string[] = [];
  const stripeMode = env.STRIPE_SECRET_KEY?.match(/^(?:sk|rk)_(test|live)_/)?.[1];
  if (stripeMode === 'live') live.push('STRIPE_SECRET_KEY is a live key');
  if (stripeMode === 'test') test.push('STRIPE_SECRET_KEY is a test key');
  if (env.STRIPE_PUBLISHABLE_KEY?.startsWith('pk_live_')) live.push('STRIPE_PUBLISHABLE_KEY is a live key');
  if (env.STRIPE_PUBLISHABLE_KEY?.startsWith('pk_test_')) test.push('STRIPE_PUBLISHABLE_KEY is a test key');
  if (env.PAYPAL_ENV === 'live') live.push('PAYPAL_ENV=live');
  // PAYPAL_ENV defaults to sandbox, so it only names a test account when PayPal is configured.
  if (env.PAYPAL_ENV === 'sandbox' && env.PAYPAL_CLIENT_ID) test.push('PAYPAL_ENV is sandbox');
  return { live, test };
}

/**
 * The secret tokens are signed with. The built-in one is public, so it is used only beside the
 * offline sandbox; test runs with keys get a random one per process.
 */
function chooseJwtSecret(env: Env, realMoneyBecause: string | undefined, sandboxEnabled: boolean): string {
  if (realMoneyBecause && (!env.JWT_SECRET || env.JWT_SECRET.length < 32)) {
    throw new ConfigError(
      `Invalid configuration: JWT_SECRET must be set to at least 32 characters when real money can move (${realMoneyBecause})`,
    );
  }
  if (env.JWT_SECRET && env.JWT_SECRET.length < 16) {
    throw new ConfigError('Invalid configuration: JWT_SECRET must be at least 16 characters');
  }
  if (env.JWT_SECRET) return env.JWT_SECRET;
  if (sandboxEnabled) return DEV_JWT_SECRET;
  if (env.NODE_ENV === 'test') return randomBytes(32).toString('hex');
  throw new ConfigError(
    'Invalid configuration: JWT_SECRET must be set when provider keys are configured (the built-in development secret is public)',
  );
}

/** What only development may use: each would let a stranger in or send money somewhere else. */
function refuseUnsafeForRealMoney(env: Env, because: string, sandboxEnabled: boolean): void {
  const refuse = (message: string) => {
    throw new ConfigError(`Invalid configuration: ${message}`);
  };
  if (sandboxEnabled) {
    refuse(
      `STRIPE_SECRET_KEY or PAYPAL_CLIENT_ID must be set when real money can move (${because}); the offline sandbox is for development`,
    );
  }
  if (!env.DATABASE_URL) {
    refuse(
      `DATABASE_URL must be set when real money can move (${because}); the embedded PostgreSQL has a known password and is for development`,
    );
  }
  for (const variable of ['STRIPE_API_BASE', 'PAYPAL_API_BASE'] as const) {
    if (env[variable])
      refuse(`${variable} must not be set when real money can move (${because}); it points the SDK at a sandbox`);
  }
  if (env.SEED_DEMO_DATA === 'true') {
    refuse(
      `SEED_DEMO_DATA=true is refused when real money can move (${because}): the demo logins have published passwords`,
    );
  }
  if (env.RATES_SOURCE_URL && !env.RATES_SOURCE_URL.startsWith('https://')) {
    refuse(`RATES_SOURCE_URL must be an https URL when real money can move (${because})`);
  }
}

/** Test keys (or live mixed with test) where real money can move: a staging deployment has to say so. */
function acceptTestKeysOnlyIfAllowed(env: Env, testKeys: string[], because: string): string[] {
  if (testKeys.length === 0) return [];
  if (!env.ALLOW_TEST_KEYS) {
    throw new ConfigError(
      `Invalid configuration: ${testKeys[0]} but real money can move (${because}); ` +
        'set ALLOW_TEST_KEYS=true only for a staging deployment',
    );
  }
  return [`ALLOW_TEST_KEYS=true: test keys accepted in a real-money deployment (${testKeys.join(', ')})`];
}

function invoicingConfig(env: Env): InvoicingConfig {
  if (env.INVOICE_NUMBER_FORMAT.replace(/\{[^}]*\}/g, '') === env.CREDIT_NOTE_NUMBER_FORMAT.replace(/\{[^}]*\}/g, '')) {
    throw new ConfigError(
      'Invalid configuration: INVOICE_NUMBER_FORMAT and CREDIT_NOTE_NUMBER_FORMAT must differ in their fixed text, so numbers never collide',
    );
  }
  return {
    seller: {
      name: env.SELLER_NAME,
      address: env.SELLER_ADDRESS.split('|')
        .map((line) => line.trim())
        .filter(Boolean),
      vatId: env.SELLER_VAT_ID,
      email: env.SELLER_EMAIL,
    },
    tax: { rateBasisPoints: env.TAX_RATE_PERCENT, pricesIncludeTax: env.PRICES_INCLUDE_TAX },
    noTaxNote: env.NO_TAX_NOTE,
    invoiceNumbers: numberFormat(env.INVOICE_NUMBER_FORMAT),
    creditNoteNumbers: numberFormat(env.CREDIT_NOTE_NUMBER_FORMAT),
    renderPerSecond: env.DOCUMENT_RENDER_PER_SECOND,
  };
}

function mailConfig(env: Env, realMoneyBecause: string | undefined): MailConfig {
  const transport = env.MAIL_DISABLED
    ? 'disabled'
    : env.SMTP_URL
      ? 'smtp'
      : env.NODE_ENV === 'development' && !realMoneyBecause
        ? 'catcher'
        : env.NODE_ENV === 'test' && !realMoneyBecause
          ? 'disabled'
          : undefined;
  if (!transport) {
    // A catcher would swallow real customers' receipts: with real money, mail is configured or explicitly off.
    throw new ConfigError(
      `Invalid configuration: SMTP_URL must be set when real money can move (${realMoneyBecause ?? 'NODE_ENV=production'}); set MAIL_DISABLED=true to send no email`,
    );
  }
  return {
    transport,
    smtpUrl: transport === 'smtp' ? env.SMTP_URL : undefined,
    from: env.MAIL_FROM ?? `${env.SELLER_NAME.replace(/[<>"]/g, '')} <${env.SELLER_EMAIL}>`,
    adminTo: env.MAIL_ADMIN_TO ?? [],
    catcher: { smtpPort: env.MAIL_CATCHER_SMTP_PORT, webPort: env.MAIL_CATCHER_WEB_PORT },
    maxAttempts: env.MAIL_MAX_ATTEMPTS,
    retryDelaySeconds: env.MAIL_RETRY_DELAY_SECONDS,
    sendPerSecond: env.MAIL_SEND_PER_SECOND,
  };
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

function sandboxStripe(env: Env): StripeConfig {
  return {
    secretKey: 'sk_test_sandbox',
    publishableKey: 'pk_test_sandbox',
    webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? `whsec_${randomBytes(24).toString('hex')}`,
    apiBase: new URL(env.STRIPE_API_BASE ?? `http://127.0.0.1:${env.SANDBOX_STRIPE_PORT}`),
  };
}

function sandboxPayPal(env: Env): PayPalConfig {
  return {
    clientId: 'sandbox-client-id',
    secret: 'sandbox-client-secret',
    env: 'sandbox',
    webhookId: env.PAYPAL_WEBHOOK_ID ?? `WH${randomBytes(8).toString('hex').toUpperCase()}`,
    apiBase: new URL(env.PAYPAL_API_BASE ?? `http://127.0.0.1:${env.SANDBOX_PAYPAL_PORT}`),
  };
}

function liveStripe(env: Env): StripeConfig | undefined {
  if (!env.STRIPE_SECRET_KEY) return undefined;
  if (!env.STRIPE_WEBHOOK_SECRET) {
    throw new ConfigError('Invalid configuration: STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set');
  }
  return {
    secretKey: env.STRIPE_SECRET_KEY,
    publishableKey: env.STRIPE_PUBLISHABLE_KEY ?? '',
    webhookSecret: env.STRIPE_WEBHOOK_SECRET,
    apiBase: env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : undefined,
  };
}

function livePayPal(env: Env): PayPalConfig | undefined {
  if (!env.PAYPAL_CLIENT_ID) return undefined;
  if (!env.PAYPAL_SECRET || !env.PAYPAL_WEBHOOK_ID) {
    throw new ConfigError(
      'Invalid configuration: PAYPAL_SECRET and PAYPAL_WEBHOOK_ID are required when PAYPAL_CLIENT_ID is set',
    );
  }
  return {
    clientId: env.PAYPAL_CLIENT_ID,
    secret: env.PAYPAL_SECRET,
    env: env.PAYPAL_ENV,
    webhookId: env.PAYPAL_WEBHOOK_ID,
    apiBase: env.PAYPAL_API_BASE ? new URL(env.PAYPAL_API_BASE) : undefined,
  };
}
