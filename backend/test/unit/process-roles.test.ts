import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/logger';
import { SandboxRoleError, startSandboxIfEnabled } from '../../src/sandbox-launcher';

/** What every process of a fleet gets when one shared sandbox stands in for the providers (README "Scaling out"). */
const SHARED_SANDBOX = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/lms',
  JWT_SECRET: 'a-shared-secret-of-at-least-32-characters',
  STRIPE_SECRET_KEY: 'sk_test_sandbox',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_sandbox',
  STRIPE_WEBHOOK_SECRET: 'whsec_0123456789abcdef0123456789abcdef',
  STRIPE_API_BASE: 'http://127.0.0.1:12111',
  PAYPAL_CLIENT_ID: 'sandbox-client-id',
  PAYPAL_SECRET: 'sandbox-client-secret',
  PAYPAL_ENV: 'sandbox',
  PAYPAL_WEBHOOK_ID: 'WH0123456789ABCDEF',
  PAYPAL_API_BASE: 'http://127.0.0.1:12112',
};

describe('process roles', () => {
  const logger = createLogger('silent');

  it.each(['api', 'worker'])(
    'when ROLE=%s gets the keys `npm run sandbox` prints with the API bases (no real money), then the config takes them and starts no sandbox of its own',
    async (role) => {
      const config = loadConfig({ ...SHARED_SANDBOX, ROLE: role });
      expect(config.role).toBe(role);
      expect(config.sandbox.enabled).toBe(false);
      expect(config.stripe?.apiBase?.toString()).toBe('http://127.0.0.1:12111/');
      expect(config.paypal?.apiBase?.toString()).toBe('http://127.0.0.1:12112/');
      expect(config.stripe?.webhookSecret).toBe(SHARED_SANDBOX.STRIPE_WEBHOOK_SECRET);
      expect(config.paypal?.webhookId).toBe(SHARED_SANDBOX.PAYPAL_WEBHOOK_ID);
      await expect(startSandboxIfEnabled(config, logger)).resolves.toBeUndefined();
    },
  );

  it.each(['api', 'worker'])(
    'when ROLE=%s has no provider keys, then it refuses to start rather than sign webhooks with a secret of its own',
    async (role) => {
      const config = loadConfig({ ROLE: role, DATABASE_URL: SHARED_SANDBOX.DATABASE_URL });
      await expect(startSandboxIfEnabled(config, logger)).rejects.toThrow(SandboxRoleError);
      await expect(startSandboxIfEnabled(config, logger)).rejects.toThrow(
        /ROLE=.* needs provider keys.*npm run sandbox/,
      );
    },
  );
});
