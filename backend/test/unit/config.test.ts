import { ConfigError, loadConfig } from '../../src/config/config';

describe('loadConfig', () => {
  it('when nothing is set, then development defaults apply and the sandbox stands in for providers', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.env).toBe('development');
    expect(config.sandbox.enabled).toBe(true);
    expect(config.stripe?.secretKey).toBe('sk_test_sandbox');
    expect(config.stripe?.webhookSecret).toMatch(/^whsec_/);
    expect(config.stripe?.apiBase?.port).toBe('12111');
    expect(config.paypal?.apiBase?.port).toBe('12112');
    expect(config.currencies.default).toBe('USD');
    expect(config.seedDemoData).toBe(true);
    expect(config.appBaseUrl).toBe('http://localhost:3000');
  });

  it('when PORT is not a number, then it fails naming PORT', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/^Invalid configuration: PORT .*'abc'/);
  });

  it('when a currency setting is not ISO 4217, then it fails naming the variable', () => {
    expect(() => loadConfig({ DEFAULT_CURRENCY: 'usd' })).toThrow(/DEFAULT_CURRENCY/);
    expect(() => loadConfig({ SUPPORTED_CURRENCIES: 'USD,XXQ' })).toThrow(/SUPPORTED_CURRENCIES/);
    expect(() => loadConfig({ DEFAULT_CURRENCY: 'JPY', SUPPORTED_CURRENCIES: 'USD,EUR' })).toThrow(/DEFAULT_CURRENCY/);
  });

  it('when a secret is malformed, then the message names it but never echoes the value', () => {
    let message = '';
    try {
      loadConfig({ STRIPE_SECRET_KEY: 'pk_live_oops-secret-value' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/STRIPE_SECRET_KEY/);
    expect(message).not.toContain('oops-secret-value');
  });

  it('when Stripe keys are set, then the sandbox is off and the webhook secret is required', () => {
    const jwt = { JWT_SECRET: 'a-secret-of-this-deployment' };
    expect(() => loadConfig({ ...jwt, STRIPE_SECRET_KEY: 'sk_test_abc' })).toThrow(/STRIPE_WEBHOOK_SECRET/);
    const config = loadConfig({ ...jwt, STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc' });
    expect(config.sandbox.enabled).toBe(false);
    expect(config.stripe?.apiBase).toBeUndefined();
    expect(config.paypal).toBeUndefined();
  });

  it('when running in production, then a strong JWT secret and real provider keys are required', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgres://lms@db/lms' }),
    ).toThrow(/STRIPE_SECRET_KEY or PAYPAL_CLIENT_ID/);
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      DATABASE_URL: 'postgres://lms@db/lms',
      PAYPAL_CLIENT_ID: 'id',
      PAYPAL_SECRET: 's',
      PAYPAL_ENV: 'live',
      PAYPAL_WEBHOOK_ID: 'WH1',
      SMTP_URL: 'smtp://mail.example.com:587',
    });
    expect(config.seedDemoData).toBe(false);
    expect(config.paypal?.env).toBe('live');
  });

  it('when the rate settings are unset, then nothing is fetched and rates go stale after 7 days', () => {
    expect(loadConfig({}).rates).toEqual({ sourceUrl: undefined, maxAgeDays: 7 });
    const config = loadConfig({
      RATES_SOURCE_URL: 'https://rates.example/eurofxref-daily.xml',
      RATES_MAX_AGE_DAYS: '3',
    });
    expect(config.rates).toEqual({ sourceUrl: 'https://rates.example/eurofxref-daily.xml', maxAgeDays: 3 });
  });

  it('when a rate setting is invalid, then it fails naming the variable', () => {
    expect(() => loadConfig({ RATES_MAX_AGE_DAYS: '0' })).toThrow(/^Invalid configuration: RATES_MAX_AGE_DAYS/);
    expect(() => loadConfig({ RATES_MAX_AGE_DAYS: 'week' })).toThrow(/RATES_MAX_AGE_DAYS must be a whole number/);
    expect(() => loadConfig({ RATES_SOURCE_URL: 'not a url' })).toThrow(/^Invalid configuration: RATES_SOURCE_URL/);
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        JWT_SECRET: 'x'.repeat(40),
        DATABASE_URL: 'postgres://lms@db/lms',
        PAYPAL_CLIENT_ID: 'id',
        PAYPAL_SECRET: 's',
        PAYPAL_ENV: 'live',
        PAYPAL_WEBHOOK_ID: 'WH1',
        RATES_SOURCE_URL: 'http://rates.example/daily.xml',
      }),
    ).toThrow(/RATES_SOURCE_URL must be an https URL when real money can move \(NODE_ENV=production\)/);
  });

  it('when WEBHOOK_MAX_ATTEMPTS is unset, then 8 attempts are made; a bad value fails naming it', () => {
    expect(loadConfig({}).webhookMaxAttempts).toBe(8);
    expect(loadConfig({ WEBHOOK_MAX_ATTEMPTS: '2' }).webhookMaxAttempts).toBe(2);
    expect(() => loadConfig({ WEBHOOK_MAX_ATTEMPTS: '0' })).toThrow(/^Invalid configuration: WEBHOOK_MAX_ATTEMPTS/);
    expect(() => loadConfig({ WEBHOOK_MAX_ATTEMPTS: 'many' })).toThrow(/WEBHOOK_MAX_ATTEMPTS must be a whole number/);
  });

  it('when REPORT_CURRENCY is unset or one of the supported currencies, then the revenue report converts to it or not at all', () => {
    expect(loadConfig({}).reportCurrency).toBeUndefined();
    expect(loadConfig({ REPORT_CURRENCY: '' }).reportCurrency).toBeUndefined();
    expect(loadConfig({ REPORT_CURRENCY: 'EUR' }).reportCurrency).toBe('EUR');
  });

  it('when REPORT_CURRENCY is not ISO 4217 or not supported, then it fails naming the variable', () => {
    expect(() => loadConfig({ REPORT_CURRENCY: 'eur' })).toThrow(/^Invalid configuration: REPORT_CURRENCY/);
    expect(() => loadConfig({ REPORT_CURRENCY: 'XYZ' })).toThrow(/^Invalid configuration: REPORT_CURRENCY/);
    expect(() => loadConfig({ REPORT_CURRENCY: 'SEK' })).toThrow(
      "Invalid configuration: REPORT_CURRENCY must be one of SUPPORTED_CURRENCIES (got 'SEK')",
    );
    expect(loadConfig({ REPORT_CURRENCY: 'SEK', SUPPORTED_CURRENCIES: 'USD,SEK' }).reportCurrency).toBe('SEK');
  });

  it('when nothing about invoicing is set, then the demo seller, no tax with its note and the default number series apply', () => {
    const { invoicing } = loadConfig({});
    expect(invoicing).toMatchObject({
      seller: { name: 'LearnPay Academy Ltd', vatId: 'GB000000000', email: 'billing@learnpay.example' },
      tax: { rateBasisPoints: 0, pricesIncludeTax: true },
      noTaxNote: 'No VAT is charged on this sale.',
      invoiceNumbers: { pattern: 'INV-{YYYY}-{000000}', width: 6 },
      creditNoteNumbers: { pattern: 'CN-{YYYY}-{000000}', width: 6 },
    });
    expect(invoicing.seller.address).toEqual(['1 Example Street', 'London EC1A 1AA', 'United Kingdom']);
    expect(loadConfig({ TAX_RATE_PERCENT: '7.7', PRICES_INCLUDE_TAX: 'false' }).invoicing.tax).toEqual({
      rateBasisPoints: 770,
      pricesIncludeTax: false,
    });
  });

  it('when an invoicing setting is invalid, then it fails naming the variable', () => {
    expect(() => loadConfig({ SELLER_VAT_ID: '123456789' })).toThrow(
      /^Invalid configuration: SELLER_VAT_ID must be a VAT id/,
    );
    expect(() => loadConfig({ SELLER_EMAIL: 'billing' })).toThrow(/^Invalid configuration: SELLER_EMAIL/);
    expect(() => loadConfig({ SELLER_NAME: '  ' })).toThrow(/^Invalid configuration: SELLER_NAME must not be empty/);
    expect(() => loadConfig({ SELLER_NAME: 'Evil\u0007Corp' })).toThrow(
      /SELLER_NAME must not contain control characters/,
    );
    expect(() => loadConfig({ TAX_RATE_PERCENT: '20%' })).toThrow(/^Invalid configuration: TAX_RATE_PERCENT/);
    expect(() => loadConfig({ TAX_RATE_PERCENT: '101' })).toThrow(/TAX_RATE_PERCENT/);
    expect(() => loadConfig({ PRICES_INCLUDE_TAX: 'yes' })).toThrow(/PRICES_INCLUDE_TAX must be 'true' or 'false'/);
    expect(() => loadConfig({ INVOICE_NUMBER_FORMAT: 'INV-{YYYY}' })).toThrow(
      /INVOICE_NUMBER_FORMAT must contain exactly one counter/,
    );
    expect(() =>
      loadConfig({ INVOICE_NUMBER_FORMAT: 'DOC-{YYYY}-{0000}', CREDIT_NOTE_NUMBER_FORMAT: 'DOC-{YYYY}-{000000}' }),
    ).toThrow(/must differ in their fixed text/);
  });
});
