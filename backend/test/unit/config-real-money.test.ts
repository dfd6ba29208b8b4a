import { ConfigError, loadConfig } from '../../src/config/config';

/** A complete live deployment: every other case below takes one thing away or adds one. */
const LIVE = {
  NODE_ENV: 'production',
  JWT_SECRET: 'j'.repeat(40),
  DATABASE_URL: 'postgres://lms:lms@db:5432/lms',
  STRIPE_SECRET_KEY: 'sk_live_abc',
  STRIPE_PUBLISHABLE_KEY: 'pk_live_abc',
  STRIPE_WEBHOOK_SECRET: 'whsec_abc',
  PAYPAL_CLIENT_ID: 'live-client',
  PAYPAL_SECRET: 'live-secret',
  PAYPAL_ENV: 'live',
  PAYPAL_WEBHOOK_ID: 'WH1',
  SMTP_URL: 'smtps://mailer:secret@mail.example.com:465',
};

/** Live Stripe keys alone, without NODE_ENV (the README's recipe with live keys pasted in). */
const LIVE_STRIPE_ONLY = {
  STRIPE_SECRET_KEY: 'sk_live_abc',
  STRIPE_WEBHOOK_SECRET: 'whsec_abc',
};

/** The README's old real-keys recipe: test keys, no NODE_ENV, no JWT_SECRET, no DATABASE_URL. */
const TEST_KEYS_RECIPE = {
  STRIPE_SECRET_KEY: 'sk_test_abc',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_abc',
  STRIPE_WEBHOOK_SECRET: 'whsec_abc',
  PAYPAL_CLIENT_ID: 'sandbox-client',
  PAYPAL_SECRET: 'sandbox-secret',
  PAYPAL_ENV: 'sandbox',
  PAYPAL_WEBHOOK_ID: 'WH1',
  APP_BASE_URL: 'https://your-public-host',
};

const DEV_SECRET = loadConfig({}).jwt.secret;

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('real money (NODE_ENV=production or any live key)', () => {
  it('when a live deployment is complete, then it loads: no demo data, no stack traces, no warnings', () => {
    const config = loadConfig(LIVE);
    expect(config.realMoney).toBe(true);
    expect(config.isProduction).toBe(true);
    expect(config.seedDemoData).toBe(false);
    expect(config.exposeErrorStacks).toBe(false);
    expect(config.sandbox.enabled).toBe(false);
    expect(config.stripe?.apiBase).toBeUndefined();
    expect(config.paypal?.apiBase).toBeUndefined();
    expect(config.warnings).toEqual([]);
  });

  it.each([
    ['an sk_live_ secret key', { STRIPE_SECRET_KEY: 'sk_live_abc' }, 'STRIPE_SECRET_KEY is a live key'],
    ['an rk_live_ restricted key', { STRIPE_SECRET_KEY: 'rk_live_abc' }, 'STRIPE_SECRET_KEY is a live key'],
    [
      'a pk_live_ publishable key',
      { STRIPE_SECRET_KEY: 'sk_live_abc', STRIPE_PUBLISHABLE_KEY: 'pk_live_abc' },
      'STRIPE_SECRET_KEY is a live key',
    ],
    [
      'PAYPAL_ENV=live',
      { PAYPAL_CLIENT_ID: 'c', PAYPAL_SECRET: 's', PAYPAL_WEBHOOK_ID: 'WH1', PAYPAL_ENV: 'live' },
      'PAYPAL_ENV=live',
    ],
  ])('when %s is set without NODE_ENV=production, then real money is assumed', (_name, keys, because) => {
    const env = { STRIPE_WEBHOOK_SECRET: 'whsec_abc', ...keys };
    expect(messageOf(() => loadConfig(env))).toBe(
      `Invalid configuration: JWT_SECRET must be set to at least 32 characters when real money can move (${because})`,
    );
    const config = loadConfig({
      ...env,
      JWT_SECRET: 'j'.repeat(40),
      DATABASE_URL: LIVE.DATABASE_URL,
      SMTP_URL: LIVE.SMTP_URL,
    });
    expect(config.realMoney).toBe(true);
    expect(config.isProduction).toBe(false);
    expect(config.seedDemoData).toBe(false);
    expect(config.exposeErrorStacks).toBe(false);
  });

  it('when only the publishable key is live, then real money is assumed too', () => {
    const env = {
      STRIPE_SECRET_KEY: 'sk_test_abc',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
      STRIPE_PUBLISHABLE_KEY: 'pk_live_x',
    };
    expect(messageOf(() => loadConfig(env))).toMatch(/JWT_SECRET .*\(STRIPE_PUBLISHABLE_KEY is a live key\)/);
  });

  it('when the JWT secret is missing or short, then start-up fails naming JWT_SECRET', () => {
    expect(messageOf(() => loadConfig({ ...LIVE, JWT_SECRET: '' }))).toMatch(/^Invalid configuration: JWT_SECRET/);
    expect(messageOf(() => loadConfig({ ...LIVE, JWT_SECRET: 'j'.repeat(31) }))).toMatch(
      /^Invalid configuration: JWT_SECRET must be set to at least 32 characters when real money can move \(NODE_ENV=production\)/,
    );
    expect(messageOf(() => loadConfig({ ...LIVE_STRIPE_ONLY, JWT_SECRET: 'j'.repeat(20) }))).toMatch(
      /^Invalid configuration: JWT_SECRET .*\(STRIPE_SECRET_KEY is a live key\)/,
    );
  });

  it('when DATABASE_URL is unset, then start-up fails instead of starting the embedded PostgreSQL', () => {
    expect(messageOf(() => loadConfig({ ...LIVE, DATABASE_URL: '' }))).toBe(
      'Invalid configuration: DATABASE_URL must be set when real money can move (NODE_ENV=production); ' +
        'the embedded PostgreSQL has a known password and is for development',
    );
    expect(messageOf(() => loadConfig({ ...LIVE_STRIPE_ONLY, JWT_SECRET: 'j'.repeat(40) }))).toMatch(
      /^Invalid configuration: DATABASE_URL must be set when real money can move \(STRIPE_SECRET_KEY is a live key\)/,
    );
  });

  it('when SEED_DEMO_DATA=true, then start-up fails: the demo logins have published passwords', () => {
    expect(messageOf(() => loadConfig({ ...LIVE, SEED_DEMO_DATA: 'true' }))).toMatch(
      /^Invalid configuration: SEED_DEMO_DATA=true is refused when real money can move \(NODE_ENV=production\)/,
    );
    expect(loadConfig({ ...LIVE, SEED_DEMO_DATA: 'false' }).seedDemoData).toBe(false);
  });

  it('when no provider keys are set, then the offline sandbox is refused', () => {
    const noKeys = { NODE_ENV: 'production', JWT_SECRET: LIVE.JWT_SECRET, DATABASE_URL: LIVE.DATABASE_URL };
    expect(messageOf(() => loadConfig(noKeys))).toMatch(
      /^Invalid configuration: STRIPE_SECRET_KEY or PAYPAL_CLIENT_ID must be set when real money can move \(NODE_ENV=production\)/,
    );
    // PAYPAL_ENV=live alone is a live setting: it does not fall back to the sandbox either.
    expect(messageOf(() => loadConfig({ ...noKeys, NODE_ENV: 'development', PAYPAL_ENV: 'live' }))).toMatch(
      /STRIPE_SECRET_KEY or PAYPAL_CLIENT_ID must be set when real money can move \(PAYPAL_ENV=live\)/,
    );
  });

  it.each(['STRIPE_API_BASE', 'PAYPAL_API_BASE'])(
    'when %s points the SDK elsewhere, then start-up fails naming it',
    (variable) => {
      expect(messageOf(() => loadConfig({ ...LIVE, [variable]: 'http://127.0.0.1:12111' }))).toMatch(
        new RegExp(
          `^Invalid configuration: ${variable} must not be set when real money can move \\(NODE_ENV=production\\)`,
        ),
      );
      expect(
        messageOf(() =>
          loadConfig({ ...LIVE, [variable]: 'https://api.example', NODE_ENV: 'development', ALLOW_TEST_KEYS: 'true' }),
        ),
      ).toMatch(new RegExp(`^Invalid configuration: ${variable} must not be set when real money can move`));
    },
  );

  it('when a Stripe test key is used in production, then it is refused unless ALLOW_TEST_KEYS=true', () => {
    const staging = { ...LIVE, STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_PUBLISHABLE_KEY: '', PAYPAL_CLIENT_ID: '' };
    expect(messageOf(() => loadConfig(staging))).toBe(
      'Invalid configuration: STRIPE_SECRET_KEY is a test key but real money can move (NODE_ENV=production); ' +
        'set ALLOW_TEST_KEYS=true only for a staging deployment',
    );
    const config = loadConfig({ ...staging, ALLOW_TEST_KEYS: 'true' });
    expect(config.stripe?.secretKey).toBe('sk_test_abc');
    expect(config.realMoney).toBe(true);
    expect(config.seedDemoData).toBe(false);
    expect(config.exposeErrorStacks).toBe(false);
    expect(config.warnings).toEqual([
      'ALLOW_TEST_KEYS=true: test keys accepted in a real-money deployment (STRIPE_SECRET_KEY is a test key)',
    ]);
  });

  it('when PayPal is a sandbox account in production, then PAYPAL_ENV is refused unless ALLOW_TEST_KEYS=true', () => {
    const staging = { ...LIVE, STRIPE_SECRET_KEY: '', STRIPE_PUBLISHABLE_KEY: '', PAYPAL_ENV: 'sandbox' };
    expect(messageOf(() => loadConfig(staging))).toMatch(
      /^Invalid configuration: PAYPAL_ENV is sandbox but real money can move \(NODE_ENV=production\); set ALLOW_TEST_KEYS=true/,
    );
    // PAYPAL_ENV's default is sandbox: leaving it out is the same test account.
    expect(messageOf(() => loadConfig({ ...staging, PAYPAL_ENV: undefined }))).toMatch(
      /^Invalid configuration: PAYPAL_ENV/,
    );
    expect(loadConfig({ ...staging, ALLOW_TEST_KEYS: 'true' }).paypal?.env).toBe('sandbox');
  });

  it('when live and test keys are mixed without NODE_ENV=production, then the test one is refused unless opted in', () => {
    const mixed = {
      ...LIVE_STRIPE_ONLY,
      JWT_SECRET: LIVE.JWT_SECRET,
      DATABASE_URL: LIVE.DATABASE_URL,
      PAYPAL_CLIENT_ID: 'sandbox-client',
      PAYPAL_SECRET: 'sandbox-secret',
      PAYPAL_ENV: 'sandbox',
      PAYPAL_WEBHOOK_ID: 'WH1',
      SMTP_URL: LIVE.SMTP_URL,
    };
    expect(messageOf(() => loadConfig(mixed))).toMatch(
      /^Invalid configuration: PAYPAL_ENV is sandbox but real money can move \(STRIPE_SECRET_KEY is a live key\)/,
    );
    expect(messageOf(() => loadConfig({ ...LIVE, STRIPE_PUBLISHABLE_KEY: 'pk_test_abc' }))).toMatch(
      /^Invalid configuration: STRIPE_PUBLISHABLE_KEY is a test key but real money can move/,
    );
    expect(loadConfig({ ...mixed, ALLOW_TEST_KEYS: 'true' }).warnings).toEqual([
      'ALLOW_TEST_KEYS=true: test keys accepted in a real-money deployment (PAYPAL_ENV is sandbox)',
    ]);
  });

  it('when ALLOW_TEST_KEYS is not true or false, then it fails naming it', () => {
    expect(messageOf(() => loadConfig({ ALLOW_TEST_KEYS: 'yes' }))).toMatch(
      /^Invalid configuration: ALLOW_TEST_KEYS must be 'true' or 'false'/,
    );
  });
});

describe('provider keys without real money (finding 2: the real-keys recipe without NODE_ENV=production)', () => {
  it('when test keys are set without JWT_SECRET, then start-up fails instead of using the public dev secret', () => {
    expect(messageOf(() => loadConfig(TEST_KEYS_RECIPE))).toBe(
      'Invalid configuration: JWT_SECRET must be set when provider keys are configured (the built-in development secret is public)',
    );
    expect(
      messageOf(() => loadConfig({ STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc' })),
    ).toMatch(/^Invalid configuration: JWT_SECRET must be set when provider keys are configured/);
  });

  it('when test keys and a JWT secret are set, then that secret signs, no demo logins are seeded and errors carry no stacks', () => {
    const config = loadConfig({ ...TEST_KEYS_RECIPE, JWT_SECRET: 'my-own-secret-for-staging' });
    expect(config.realMoney).toBe(false);
    expect(config.jwt.secret).toBe('my-own-secret-for-staging');
    expect(config.seedDemoData).toBe(false);
    expect(config.exposeErrorStacks).toBe(false);
    // Seeding is still possible on purpose with test keys (a private demo).
    expect(
      loadConfig({ ...TEST_KEYS_RECIPE, JWT_SECRET: 'my-own-secret-for-staging', SEED_DEMO_DATA: 'true' }).seedDemoData,
    ).toBe(true);
  });

  it('when the test suite runs with keys and no JWT secret, then a random secret is used, never the public one', () => {
    const first = loadConfig({ ...TEST_KEYS_RECIPE, NODE_ENV: 'test' }).jwt.secret;
    const second = loadConfig({ ...TEST_KEYS_RECIPE, NODE_ENV: 'test' }).jwt.secret;
    expect(first).not.toBe(DEV_SECRET);
    expect(first).toHaveLength(64);
    expect(second).not.toBe(first);
  });

  it('when nothing is configured (plain development with the sandbox), then the dev secret, demo data and stacks apply', () => {
    const config = loadConfig({});
    expect(config.realMoney).toBe(false);
    expect(config.sandbox.enabled).toBe(true);
    expect(config.jwt.secret).toBe(DEV_SECRET);
    expect(config.seedDemoData).toBe(true);
    expect(config.exposeErrorStacks).toBe(true);
    expect(config.warnings).toEqual([]);
  });

  it('when the sandbox runs under NODE_ENV=test, then error bodies carry no stacks either', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).exposeErrorStacks).toBe(false);
  });
});

describe('TRUST_PROXY', () => {
  it('when TRUST_PROXY=true, then it is accepted with a start-up warning that any client can forge its IP', () => {
    const config = loadConfig({ TRUST_PROXY: 'true' });
    expect(config.trustProxy).toBe(true);
    expect(config.warnings).toHaveLength(1);
    expect(config.warnings[0]).toMatch(/^TRUST_PROXY=true .*X-Forwarded-For.*forge/);
  });

  it.each(['loopback', '1', '10.0.0.1, 10.0.0.2', 'false'])(
    'when TRUST_PROXY=%s, then there is no warning',
    (value) => {
      expect(loadConfig({ TRUST_PROXY: value }).warnings).toEqual([]);
    },
  );
});
