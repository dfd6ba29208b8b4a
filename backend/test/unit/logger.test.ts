import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/logger';

describe('logger', () => {
  it('when config, credentials or signature headers are logged, then the secrets are redacted', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger('info', sink);
    const config = loadConfig({
      JWT_SECRET: 'jwt-secret-value-123456',
      STRIPE_SECRET_KEY: 'sk_test_supersecretkey',
      STRIPE_WEBHOOK_SECRET: 'whsec_supersecret',
      DATABASE_URL: 'postgres://u:dbpassword@localhost/db',
    });
    logger.info({ config }, 'config loaded');
    logger.info(
      { password: 'hunter22', headers: { authorization: 'Bearer abc.def', 'stripe-signature': 't=1,v1=ff' } },
      'request',
    );
    const output = lines.join('');
    for (const secret of [
      'jwt-secret-value-123456',
      'sk_test_supersecretkey',
      'whsec_supersecret',
      'dbpassword',
      'hunter22',
      'abc.def',
      'v1=ff',
    ]) {
      expect(output).not.toContain(secret);
    }
    expect(output).toContain('[redacted]');
    expect(output).toContain('config loaded');
  });
});
