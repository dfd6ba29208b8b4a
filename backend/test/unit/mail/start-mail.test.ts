import { connect, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../../src/config/config';
import { createLogger } from '../../../src/logger';
import { startMail, type RunningMail } from '../../../src/mail/start-mail';
import type { OutgoingEmail } from '../../../src/services/emails/mail-transport';
import { startSmtpInbox } from '../../support/smtp-inbox';

const logger = createLogger('silent');

const MESSAGE: OutgoingEmail = {
  from: 'LearnPay <billing@learnpay.example>',
  to: ['student@example.com'],
  subject: 'Your receipt',
  html: '<p>Thanks</p>',
  text: 'Thanks',
  messageId: '<receipt-1.0@learnpay.example>',
  attachments: [],
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** True when something accepts connections on the port (on loopback). */
async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('startMail: how a process sends, from config.mail', () => {
  let running: RunningMail | undefined;

  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('when SMTP_URL is set, then the banner names its scheme, host and port and the From, never the login', async () => {
    running = await startMail(
      loadConfig({
        SMTP_URL: 'smtps://mailer:hunter2-secret@mail.example.com:465',
        MAIL_FROM: 'LearnPay <billing@learnpay.example>',
      }),
      logger,
    );
    expect(running.transport).toBeDefined();
    expect(running.describe()).toBe(
      'Mail: SMTP smtps://mail.example.com:465 (from LearnPay <billing@learnpay.example>)',
    );
    expect(running.describe()).not.toMatch(/hunter2|mailer/);
  });

  it('when SMTP_URL is set, then the transport sends over that server', async () => {
    const inbox = await startSmtpInbox();
    try {
      running = await startMail(loadConfig({ SMTP_URL: inbox.url }), logger);
      await running.transport?.send(MESSAGE);
      expect((await inbox.waitFor((m) => m.length === 1))[0].subject).toBe('Your receipt');
    } finally {
      await inbox.close();
    }
  });

  it('when development has no SMTP_URL, then a catcher runs on the configured ports and the transport delivers into it', async () => {
    const [smtpPort, webPort] = [await freePort(), await freePort()];
    running = await startMail(
      loadConfig({ MAIL_CATCHER_SMTP_PORT: String(smtpPort), MAIL_CATCHER_WEB_PORT: String(webPort) }),
      logger,
    );
    expect(running.describe()).toBe(
      `Mail: caught locally, open http://localhost:${webPort} (SMTP on port ${smtpPort}); nothing leaves this machine`,
    );
    await running.transport?.send(MESSAGE);
    const res = await fetch(`http://localhost:${webPort}/api/messages`);
    const { data } = (await res.json()) as { data: { subject: string }[] };
    expect(data.map((m) => m.subject)).toEqual(['Your receipt']);

    await running.close();
    running = undefined;
    expect(await listening(smtpPort)).toBe(false);
    expect(await listening(webPort)).toBe(false);
  });

  it('when ROLE=worker has no SMTP_URL in development, then it runs the catcher too (it sends the mail)', async () => {
    const webPort = await freePort();
    running = await startMail(
      loadConfig({
        ROLE: 'worker',
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/lms',
        MAIL_CATCHER_SMTP_PORT: '0',
        MAIL_CATCHER_WEB_PORT: String(webPort),
      }),
      logger,
    );
    expect(running.transport).toBeDefined();
    expect(await listening(webPort)).toBe(true);
  });

  it('when ROLE=api has no SMTP_URL in development, then it starts no catcher and has no transport (it runs no jobs)', async () => {
    const [smtpPort, webPort] = [await freePort(), await freePort()];
    running = await startMail(
      loadConfig({
        ROLE: 'api',
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/lms',
        MAIL_CATCHER_SMTP_PORT: String(smtpPort),
        MAIL_CATCHER_WEB_PORT: String(webPort),
      }),
      logger,
    );
    expect(running.transport).toBeUndefined();
    expect(running.describe()).toMatch(/^Mail: sent by the worker processes/);
    expect(await listening(smtpPort)).toBe(false);
    expect(await listening(webPort)).toBe(false);
  });

  it('when MAIL_DISABLED=true, then there is no transport and the banner says why', async () => {
    running = await startMail(loadConfig({ MAIL_DISABLED: 'true' }), logger);
    expect(running.transport).toBeUndefined();
    expect(running.describe()).toBe('Mail: disabled (MAIL_DISABLED=true)');
  });
});
