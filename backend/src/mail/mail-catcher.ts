import { createServer, type Server } from 'node:http';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import type { Logger } from '../logger';
import { CaughtMessages } from './caught-messages';
import { listenWithFallback } from './listen-with-fallback';
import { mailCatcherHandler } from './mail-catcher-web';

export interface MailCatcherOptions {
  /** 0: any free port. A taken non-zero port falls back to a free one, with a warning. */
  smtpPort: number;
  webPort: number;
  logger: Logger;
  /** How many messages are kept (newest); default 200. */
  capacity?: number;
  /** The largest message accepted, in bytes; default 25 MB. */
  maxMessageBytes?: number;
}

export interface MailCatcher {
  /** `smtp://127.0.0.1:<port>`: where the app sends. */
  smtpUrl: string;
  smtpPort: number;
  /** `http://localhost:<port>`: the page that shows what was caught. */
  webUrl: string;
  webPort: number;
  messages: CaughtMessages;
  close(): Promise<void>;
}

/** Loopback only: caught mail is customers' receipts, for this machine's eyes alone. */
const HOST = '127.0.0.1';

/**
 * The development mail catcher: an SMTP server in this process that accepts every message and
 * keeps the last ones in memory, and a small web page that lists and shows them. Nothing is
 * relayed anywhere.
 */
export async function startMailCatcher(options: MailCatcherOptions): Promise<MailCatcher> {
  const logger = options.logger.child({ component: 'mail-catcher' });
  const messages = new CaughtMessages(options.capacity ?? 200);
  const smtp = smtpServer(messages, options.maxMessageBytes ?? 25 * 1024 * 1024, logger);
  const web = createServer(mailCatcherHandler(messages));
  const fallback = (what: string) => (wanted: number, error: NodeJS.ErrnoException) =>
    logger.warn(
      { port: wanted, code: error.code },
      `port ${wanted} is not available: the mail catcher's ${what} uses a free port instead`,
    );
  let smtpPort: number;
  let webPort: number;
  try {
    smtpPort = await listenWithFallback(smtp.server, options.smtpPort, HOST, fallback('SMTP server'));
    webPort = await listenWithFallback(web, options.webPort, HOST, fallback('web page'));
  } catch (error) {
    await Promise.all([closeSmtp(smtp), closeWeb(web)]);
    throw error;
  }
  const catcher: MailCatcher = {
    smtpUrl: `smtp://${HOST}:${smtpPort}`,
    smtpPort,
    webUrl: `http://localhost:${webPort}`,
    webPort,
    messages,
    close: async () => {
      await Promise.all([closeSmtp(smtp), closeWeb(web)]);
    },
  };
  logger.info({ smtpUrl: catcher.smtpUrl, webUrl: catcher.webUrl }, 'mail catcher listening');
  return catcher;
}

function smtpServer(messages: CaughtMessages, maxBytes: number, logger: Logger): SMTPServer {
  const server = new SMTPServer({
    name: 'mail-catcher.localhost',
    banner: 'LMS payments development mail catcher: nothing is relayed',
    // Any client may send, with or without a login; there is no TLS to offer on loopback.
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    size: maxBytes,
    logger: false,
    closeTimeout: 1_000,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'catcher' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        if (!stream.sizeExceeded) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(smtpError(552, `Message exceeds the catcher's limit of ${maxBytes} bytes`));
          return;
        }
        simpleParser(Buffer.concat(chunks))
          .then((parsed) => {
            const caught = messages.add(parsed, envelopeOf(session.envelope));
            logger.debug({ id: caught.id, subject: caught.subject }, 'mail caught');
            callback();
          })
          .catch((error: Error) => {
            logger.warn({ err: error }, 'a caught message did not parse');
            callback(smtpError(554, 'Message could not be parsed'));
          });
      });
    },
  });
  server.on('error', (error: Error) => {
    // Before listening it is the port being taken, which listenWithFallback handles; afterwards
    // it is a client's connection going wrong: worth a debug line, not a warning.
    if (server.server.listening) logger.debug({ err: error }, 'mail catcher SMTP connection error');
  });
  return server;
}

function envelopeOf(envelope: { mailFrom: SMTPServerAddress | false; rcptTo: SMTPServerAddress[] }) {
  return {
    mailFrom: envelope.mailFrom ? envelope.mailFrom.address : '',
    rcptTo: envelope.rcptTo.map((r) => r.address),
  };
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

function closeSmtp(server: SMTPServer): Promise<void> {
  if (!server.server.listening) return Promise.resolve();
  return new Promise((resolve) => server.close(() => resolve()));
}

function closeWeb(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
