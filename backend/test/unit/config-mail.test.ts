import { ConfigError, loadConfig } from '../../src/config/config';

/** A complete live deployment with mail configured; each case takes one thing away or changes it. */
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

function withoutSmtp(env: Record<string, string>): Record<string, string> {
  const rest = { ...env };
  delete rest.SMTP_URL;
  return rest;
}

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('mail configuration: which transport', () => {
  it('when a live deployment has SMTP_URL, then mail goes over that SMTP server', () => {
    const { mail } = loadConfig(LIVE);
    expect(mail.transport).toBe('smtp');
    expect(mail.smtpUrl).toBe(LIVE.SMTP_URL);
  });

  it('when NODE_ENV=production has no SMTP_URL, then start-up fails naming SMTP_URL and the way out, MAIL_DISABLED', () => {
    const message = messageOf(() => loadConfig(withoutSmtp(LIVE)));
    expect(message).toBe(
      'Invalid configuration: SMTP_URL must be set when real money can move (NODE_ENV=production); set MAIL_DISABLED=true to send no email',
    );
  });

  it('when a live key is set in development without SMTP_URL, then start-up fails too: no catcher swallows real receipts', () => {
    const env = { ...withoutSmtp(LIVE), NODE_ENV: 'development' };
    expect(messageOf(() => loadConfig(env))).toMatch(
      /^Invalid configuration: SMTP_URL must be set when real money can move \(STRIPE_SECRET_KEY is a live key\); set MAIL_DISABLED=true/,
    );
  });

  it('when production has no SMTP_URL but MAIL_DISABLED=true, then it loads and sends nothing', () => {
    const { mail } = loadConfig({ ...withoutSmtp(LIVE), MAIL_DISABLED: 'true' });
    expect(mail.transport).toBe('disabled');
    expect(mail.smtpUrl).toBeUndefined();
  });

  it('when MAIL_DISABLED=true and SMTP_URL is set, then MAIL_DISABLED wins', () => {
    const { mail } = loadConfig({ ...LIVE, MAIL_DISABLED: 'true' });
    expect(mail.transport).toBe('disabled');
    expect(mail.smtpUrl).toBeUndefined();
  });

  it('when development has no SMTP_URL, then the local mail catcher takes the mail on its default ports', () => {
    const { mail } = loadConfig({});
    expect(mail.transport).toBe('catcher');
    expect(mail.smtpUrl).toBeUndefined();
    expect(mail.catcher).toEqual({ smtpPort: 1025, webPort: 1080 });
  });

  it('when development has SMTP_URL, then mail goes there instead of the catcher', () => {
    const { mail } = loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525' });
    expect(mail.transport).toBe('smtp');
    expect(mail.smtpUrl).toBe('smtp://127.0.0.1:2525');
  });

  it('when NODE_ENV=test has no SMTP_URL, then mail is disabled; with one (the test inbox), it is SMTP', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).mail.transport).toBe('disabled');
    const { mail } = loadConfig({ NODE_ENV: 'test', SMTP_URL: 'smtp://127.0.0.1:40025' });
    expect(mail.transport).toBe('smtp');
    expect(mail.smtpUrl).toBe('smtp://127.0.0.1:40025');
  });
});

describe('mail configuration: SMTP_URL', () => {
  it.each(['smtp://mail.example.com:587', 'smtps://user:p%40ss@mail.example.com:465', 'smtp://127.0.0.1:1025'])(
    'when SMTP_URL is %s, then it is accepted',
    (url) => {
      expect(loadConfig({ SMTP_URL: url }).mail.smtpUrl).toBe(url);
    },
  );

  it.each([
    ['http://mail.example.com', "must start with 'smtp://' or 'smtps://'"],
    ['https://mail.example.com', "must start with 'smtp://' or 'smtps://'"],
    ['mail.example.com:587', "must start with 'smtp://' or 'smtps://'"],
    ['not a url', 'must be a URL such as smtp://user:password@mail.example.com:587'],
  ])('when SMTP_URL is %s, then it is refused naming SMTP_URL', (url, reason) => {
    expect(messageOf(() => loadConfig({ SMTP_URL: url }))).toBe(`Invalid configuration: SMTP_URL ${reason}`);
  });

  it('when a refused SMTP_URL carries a password, then the message does not echo it', () => {
    const message = messageOf(() => loadConfig({ SMTP_URL: 'http://mailer:hunter2-secret@mail.example.com' }));
    expect(message).toMatch(/^Invalid configuration: SMTP_URL/);
    expect(message).not.toContain('hunter2-secret');
  });

  it('when SMTP_URL is blank, then it counts as unset', () => {
    expect(loadConfig({ SMTP_URL: '  ' }).mail.transport).toBe('catcher');
  });
});

describe('mail configuration: MAIL_FROM', () => {
  it('when MAIL_FROM is unset, then mail comes from the seller by name and address', () => {
    expect(loadConfig({}).mail.from).toBe('LearnPay Academy Ltd <billing@learnpay.example>');
    expect(loadConfig({ SELLER_NAME: 'Académie <Ω>', SELLER_EMAIL: 'hi@school.example' }).mail.from).toBe(
      'Académie Ω <hi@school.example>',
    );
  });

  it.each([
    'a@b.example',
    'Name <a@b.example>',
    'LearnPay Billing <billing@learnpay.example>',
    'Ανδρέας <a@b.example>',
  ])('when MAIL_FROM is %s, then it is accepted as it is', (from) => {
    expect(loadConfig({ MAIL_FROM: from }).mail.from).toBe(from);
  });

  it.each([
    ['a header injection', 'Billing\r\nBcc: all@victims.example <a@b.example>'],
    ['a tab inside', 'Bill\ting <a@b.example>'],
    ['a NUL', 'a@b\u0000.example'],
    ['not an address', 'billing'],
    ['a name with no address', 'LearnPay Billing'],
    ['a bad address in brackets', 'LearnPay <not-an-address>'],
    ['empty brackets', 'LearnPay <>'],
    ['two addresses', 'a@b.example, c@d.example'],
    ['unbalanced brackets', 'LearnPay <a@b.example'],
  ])('when MAIL_FROM has %s, then it is refused naming MAIL_FROM', (_what, from) => {
    expect(messageOf(() => loadConfig({ MAIL_FROM: from }))).toMatch(
      /^Invalid configuration: MAIL_FROM must be an address or 'Name <address>'/,
    );
  });

  it('when MAIL_FROM is longer than 320 characters, then it is refused', () => {
    const long = `${'n'.repeat(310)} <a@b.example>`;
    expect(messageOf(() => loadConfig({ MAIL_FROM: long }))).toMatch(
      /^Invalid configuration: MAIL_FROM must be at most 320 characters/,
    );
  });
});

describe('mail configuration: MAIL_ADMIN_TO', () => {
  it('when MAIL_ADMIN_TO is unset, then the list is empty (every admin user gets admin mail)', () => {
    expect(loadConfig({}).mail.adminTo).toEqual([]);
  });

  it('when MAIL_ADMIN_TO is a comma-separated list with spaces and a trailing comma, then it becomes the addresses', () => {
    expect(loadConfig({ MAIL_ADMIN_TO: ' ops@learnpay.example, finance@learnpay.example ,' }).mail.adminTo).toEqual([
      'ops@learnpay.example',
      'finance@learnpay.example',
    ]);
    expect(loadConfig({ MAIL_ADMIN_TO: 'ops@learnpay.example' }).mail.adminTo).toEqual(['ops@learnpay.example']);
  });

  it.each([
    ['ops@learnpay.example, not-an-address'],
    ['Ops <ops@learnpay.example>'],
    ['ops@learnpay.example; finance@learnpay.example'],
    [','],
  ])('when MAIL_ADMIN_TO is %s, then it is refused naming MAIL_ADMIN_TO', (value) => {
    expect(messageOf(() => loadConfig({ MAIL_ADMIN_TO: value }))).toMatch(/^Invalid configuration: MAIL_ADMIN_TO\b/);
  });
});

describe('mail configuration: the other MAIL_* values', () => {
  it('when nothing is set, then the defaults are 8 attempts, a 30 s first retry and catcher ports 1025 and 1080', () => {
    const { mail } = loadConfig({});
    expect(mail.maxAttempts).toBe(8);
    expect(mail.retryDelaySeconds).toBe(30);
    expect(mail.catcher).toEqual({ smtpPort: 1025, webPort: 1080 });
  });

  it('when each is set within its bounds, then it is taken', () => {
    const { mail } = loadConfig({
      MAIL_MAX_ATTEMPTS: '50',
      MAIL_RETRY_DELAY_SECONDS: '3600',
      MAIL_CATCHER_SMTP_PORT: '0',
      MAIL_CATCHER_WEB_PORT: '65535',
    });
    expect(mail).toMatchObject({ maxAttempts: 50, retryDelaySeconds: 3600, catcher: { smtpPort: 0, webPort: 65535 } });
    expect(loadConfig({ MAIL_MAX_ATTEMPTS: '1', MAIL_RETRY_DELAY_SECONDS: '1' }).mail).toMatchObject({
      maxAttempts: 1,
      retryDelaySeconds: 1,
    });
  });

  it.each([
    ['MAIL_MAX_ATTEMPTS', '0', 'must be a whole number (1-50)'],
    ['MAIL_MAX_ATTEMPTS', '51', 'must be a whole number (1-50)'],
    ['MAIL_MAX_ATTEMPTS', '2.5', 'must be a whole number (1-50)'],
    ['MAIL_MAX_ATTEMPTS', 'many', 'must be a whole number (1-50)'],
    ['MAIL_RETRY_DELAY_SECONDS', '0', 'must be a whole number of seconds (1-3600)'],
    ['MAIL_RETRY_DELAY_SECONDS', '3601', 'must be a whole number of seconds (1-3600)'],
    ['MAIL_CATCHER_SMTP_PORT', '65536', 'must be a port number (0-65535)'],
    ['MAIL_CATCHER_SMTP_PORT', '-1', 'must be a port number (0-65535)'],
    ['MAIL_CATCHER_WEB_PORT', 'http', 'must be a port number (0-65535)'],
    ['MAIL_DISABLED', 'yes', "must be 'true' or 'false'"],
  ])('when %s is %s, then it is refused with its bounds', (variable, value, reason) => {
    expect(messageOf(() => loadConfig({ [variable]: value }))).toBe(
      `Invalid configuration: ${variable} ${reason} (got '${value}')`,
    );
  });
});

describe('mail configuration: error lines', () => {
  it('when one address of MAIL_ADMIN_TO is bad, then the message names the variable and that address', () => {
    expect(messageOf(() => loadConfig({ MAIL_ADMIN_TO: 'ops@learnpay.example, not-an-address' }))).toBe(
      "Invalid configuration: MAIL_ADMIN_TO must be a comma-separated list of email addresses ('not-an-address' is not one) (got 'ops@learnpay.example, not-an-address')",
    );
  });

  it('when MAIL_FROM carries a control character, then the error line shows it escaped and stays one line', () => {
    const message = messageOf(() => loadConfig({ MAIL_FROM: 'LearnPay <a@b.example>\r\nBcc: x@evil.example' }));
    expect(message).toMatch(/^Invalid configuration: MAIL_FROM /);
    expect(message).toContain('\\u000d\\u000a');
    expect(message).not.toMatch(/[\r\n]/);
  });

  it('when NODE_ENV=test runs with a live key and no SMTP_URL, then start-up fails like any real-money deployment', () => {
    expect(
      messageOf(() =>
        loadConfig({
          NODE_ENV: 'test',
          STRIPE_SECRET_KEY: 'sk_live_abc',
          STRIPE_WEBHOOK_SECRET: 'whsec_abc',
          JWT_SECRET: 'j'.repeat(40),
          DATABASE_URL: 'postgres://lms@db/lms',
        }),
      ),
    ).toMatch(
      /^Invalid configuration: SMTP_URL must be set when real money can move \(STRIPE_SECRET_KEY is a live key\)/,
    );
  });
});
