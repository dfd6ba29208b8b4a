import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../src/logger';
import { startMailCatcher, type MailCatcher } from '../../src/mail/mail-catcher';
import type { CaughtMessageJson } from '../../src/mail/mail-catcher-web';
import { smtpTransport } from '../../src/mail/smtp-transport';
import type { MailTransport, OutgoingEmail } from '../../src/services/emails/mail-transport';
import { captureLogs } from '../support/log-lines';

/** Not a real invoice, but bytes a text mangling would break: a header, binary, a trailer. */
const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'),
  Buffer.from([0, 1, 2, 0x80, 0xfe, 0xff, 0x0d, 0x0a, 0x0d]),
  Buffer.from('\n%%EOF\n'),
]);

const HOSTILE_SUBJECT = 'Receipt <b>for</b> "Ωmega" & co';
const HOSTILE_HTML =
  '<h1>Привет, Дмитрий</h1><script>document.title = "pwned"</script><p onclick="x()">Paid €45.00</p>';

function receipt(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    from: 'LearnPay <billing@learnpay.example>',
    to: ['Дмитрий Иванов <dmitry@example.com>'],
    subject: HOSTILE_SUBJECT,
    html: HOSTILE_HTML,
    text: 'Привет, Дмитрий. Paid €45.00 <not a tag>.',
    messageId: '<receipt-1.0@learnpay.example>',
    attachments: [{ filename: 'INV-2026-000001.pdf', content: PDF, contentType: 'application/pdf' }],
    ...overrides,
  };
}

async function get(catcher: MailCatcher, path: string): Promise<Response> {
  return fetch(`${catcher.webUrl}${path}`);
}

async function messagesOf(catcher: MailCatcher): Promise<CaughtMessageJson[]> {
  const res = await get(catcher, '/api/messages');
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: CaughtMessageJson[] }).data;
}

describe('the development mail catcher', () => {
  let catcher: MailCatcher;
  let transport: MailTransport;

  beforeAll(async () => {
    catcher = await startMailCatcher({ smtpPort: 0, webPort: 0, logger: createLogger('silent') });
    transport = smtpTransport(catcher.smtpUrl);
  });

  afterAll(async () => {
    await transport.close();
    await catcher.close();
  });

  it('when it starts on port 0, then it reports the ports it got, SMTP on loopback and the page on localhost', () => {
    expect(catcher.smtpPort).toBeGreaterThan(0);
    expect(catcher.webPort).toBeGreaterThan(0);
    expect(catcher.smtpUrl).toBe(`smtp://127.0.0.1:${catcher.smtpPort}`);
    expect(catcher.webUrl).toBe(`http://localhost:${catcher.webPort}`);
  });

  it('when nothing was caught yet, then the page says so and offers a refresh', async () => {
    const res = await get(catcher, '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('No mail caught yet. Messages the app sends appear here.');
    expect(html).toContain('<a href="/">Refresh</a>');
    expect(html).not.toContain('data-testid="message-row"');
  });

  it('when a message with a hostile subject, a script in its HTML, a Cyrillic name and a PDF is sent, then the list shows it escaped', async () => {
    await transport.send(receipt());
    const res = await get(catcher, '/');
    const html = await res.text();
    const rows = html.match(/<tr data-testid="message-row">[\s\S]*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('LearnPay &lt;billing@learnpay.example&gt;');
    expect(rows[0]).toContain('Дмитрий Иванов &lt;dmitry@example.com&gt;');
    expect(rows[0]).toContain('<a href="/messages/1">Receipt &lt;b&gt;for&lt;/b&gt; &quot;Ωmega&quot; &amp; co</a>');
    expect(rows[0]).toMatch(/<td>1<\/td>\s*<\/tr>$/); // one attachment
    expect(rows[0]).toMatch(/<time datetime="\d{4}-\d\d-\d\dT/);
    expect(html).not.toContain('<b>for</b>');
  });

  it("when the message's page is opened, then the subject is escaped and its HTML appears only inside a sandboxed srcdoc iframe", async () => {
    const res = await get(catcher, '/messages/1');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<h1>Receipt &lt;b&gt;for&lt;/b&gt; &quot;Ωmega&quot; &amp; co</h1>`);
    expect(html).toContain('<span data-testid="from">LearnPay &lt;billing@learnpay.example&gt;</span>');
    expect(html).toContain('<span data-testid="to">Дмитрий Иванов &lt;dmitry@example.com&gt;</span>');
    // Outside the iframe's srcdoc, nothing of the message is markup: no script, no handler, no <h1>.
    const outside = html.replace(/ srcdoc="[^"]*"/, '');
    expect(outside).not.toMatch(/<script/i);
    expect(outside).not.toMatch(/\son[a-z]+=/i);
    expect(outside).not.toContain('<h1>Привет');
    expect(outside).not.toContain('pwned');

    const iframes = html.match(/<iframe\b[^>]*>/g) ?? [];
    expect(iframes).toHaveLength(1);
    const iframe = iframes[0] ?? '';
    expect(iframe).toMatch(/^<iframe sandbox srcdoc="/); // `sandbox` with no value: every restriction
    expect(iframe).not.toMatch(/allow-/);
    const srcdoc = /srcdoc="([^"]*)"/.exec(iframe)?.[1] ?? '';
    expect(unescapeHtml(srcdoc)).toBe(HOSTILE_HTML);

    expect(html).toContain('<pre>Привет, Дмитрий. Paid €45.00 &lt;not a tag&gt;.');
    expect(html).toContain('Message-ID</dt><dd>&lt;receipt-1.0@learnpay.example&gt;');
    expect(html).toMatch(
      /<a href="\/messages\/1\/attachments\/0" download="INV-2026-000001.pdf">INV-2026-000001.pdf<\/a> <span class="muted">application\/pdf, \d+ bytes<\/span>/,
    );
  });

  it('when a page is served, then it has a strict Content-Security-Policy (no scripts at all) and nosniff', async () => {
    for (const path of ['/', '/messages/1', '/messages/999']) {
      const res = await get(catcher, path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/(^|; )default-src 'none'(;|$)/);
      expect(csp).toMatch(/(^|; )style-src 'unsafe-inline'(;|$)/);
      expect(csp).toMatch(/(^|; )frame-ancestors 'none'(;|$)/);
      expect(csp).not.toMatch(/script-src/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('when the attachment is downloaded, then it is byte-identical, with its content type, as a download', async () => {
    const res = await get(catcher, '/messages/1/attachments/0');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="INV-2026-000001.pdf"; filename*=UTF-8''INV-2026-000001.pdf`,
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it('when an attachment has an HTML type and a non-Latin name, then it still downloads (never renders here) under an encoded name', async () => {
    await transport.send(
      receipt({
        subject: 'Second',
        messageId: '<second@learnpay.example>',
        attachments: [
          { filename: 'счёт "1".html', content: Buffer.from('<script>x()</script>'), contentType: 'text/html' },
        ],
      }),
    );
    const [latest] = await messagesOf(catcher);
    const res = await get(catcher, latest.attachments[0].url);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="____ _1_.html"; filename*=UTF-8''${encodeURIComponent('счёт "1".html')}`,
    );
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
  });

  it('when /api/messages is asked, then it answers JSON, newest first, with the parts and the attachments without their bytes', async () => {
    const res = await get(catcher, '/api/messages');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const messages = ((await res.json()) as { data: CaughtMessageJson[] }).data;
    expect(messages.map((m) => m.subject)).toEqual(['Second', HOSTILE_SUBJECT]);
    expect(messages[1]).toEqual({
      id: '1',
      receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      from: 'LearnPay <billing@learnpay.example>',
      to: ['Дмитрий Иванов <dmitry@example.com>'],
      cc: [],
      subject: HOSTILE_SUBJECT,
      date: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      messageId: '<receipt-1.0@learnpay.example>',
      text: expect.stringContaining('Привет, Дмитрий. Paid €45.00 <not a tag>.'),
      html: HOSTILE_HTML,
      attachments: [
        {
          filename: 'INV-2026-000001.pdf',
          contentType: 'application/pdf',
          size: PDF.length,
          url: '/messages/1/attachments/0',
        },
      ],
    });
  });

  it('when several messages were caught, then the list shows the newest first', async () => {
    const html = await (await get(catcher, '/')).text();
    expect(html.indexOf('/messages/2"')).toBeGreaterThan(-1);
    expect(html.indexOf('/messages/2"')).toBeLessThan(html.indexOf('/messages/1"'));
    expect(html).toContain('2 messages, newest first.');
  });

  it('when a message, an attachment or a route does not exist, then 404; when something other than GET is asked, then 405', async () => {
    expect((await get(catcher, '/messages/999')).status).toBe(404);
    expect((await get(catcher, '/messages/1/attachments/7')).status).toBe(404);
    expect((await get(catcher, '/messages/%E0%A4%A')).status).toBe(404);
    expect((await get(catcher, '/nope')).status).toBe(404);
    const post = await fetch(`${catcher.webUrl}/api/messages`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('the mail catcher: limits, ports and closing', () => {
  it('when more messages arrive than it keeps, then the oldest are dropped', async () => {
    const catcher = await startMailCatcher({ smtpPort: 0, webPort: 0, logger: createLogger('silent'), capacity: 3 });
    const transport = smtpTransport(catcher.smtpUrl);
    try {
      for (let n = 1; n <= 5; n++) await transport.send(receipt({ subject: `Message ${n}`, attachments: [] }));
      expect((await messagesOf(catcher)).map((m) => m.subject)).toEqual(['Message 5', 'Message 4', 'Message 3']);
      expect((await get(catcher, '/messages/1')).status).toBe(404);
    } finally {
      await transport.close();
      await catcher.close();
    }
  });

  it('when a message is over the size limit, then the SMTP server refuses it with 552 and keeps nothing', async () => {
    const catcher = await startMailCatcher({
      smtpPort: 0,
      webPort: 0,
      logger: createLogger('silent'),
      maxMessageBytes: 2_000,
    });
    const transport = smtpTransport(catcher.smtpUrl);
    try {
      const big = { filename: 'big.bin', content: Buffer.alloc(10_000, 7), contentType: 'application/octet-stream' };
      await expect(transport.send(receipt({ attachments: [big] }))).rejects.toMatchObject({ responseCode: 552 });
      expect(await messagesOf(catcher)).toEqual([]);
    } finally {
      await transport.close();
      await catcher.close();
    }
  });

  it('when its configured ports are taken, then it listens on free ones, warns naming each port, and works there', async () => {
    const [smtpBlocker, webBlocker] = [await occupy(), await occupy()];
    const logs = captureLogs('info');
    const taken = { smtp: portOf(smtpBlocker), web: portOf(webBlocker) };
    const catcher = await startMailCatcher({ smtpPort: taken.smtp, webPort: taken.web, logger: logs.logger });
    const transport = smtpTransport(catcher.smtpUrl);
    try {
      expect(catcher.smtpPort).not.toBe(taken.smtp);
      expect(catcher.webPort).not.toBe(taken.web);
      expect(catcher.webUrl).toBe(`http://localhost:${catcher.webPort}`);
      const warnings = logs.records().filter((r) => r.level === 40);
      expect(warnings.map((w) => [w.component, w.port, w.msg])).toEqual([
        [
          'mail-catcher',
          taken.smtp,
          `port ${taken.smtp} is not available: the mail catcher's SMTP server uses a free port instead`,
        ],
        [
          'mail-catcher',
          taken.web,
          `port ${taken.web} is not available: the mail catcher's web page uses a free port instead`,
        ],
      ]);
      await transport.send(receipt({ attachments: [] }));
      expect((await messagesOf(catcher)).map((m) => m.subject)).toEqual([HOSTILE_SUBJECT]);
    } finally {
      await transport.close();
      await catcher.close();
      await Promise.all([release(smtpBlocker), release(webBlocker)]);
    }
  });

  it('when it is closed, then neither its SMTP server nor its page answers any more', async () => {
    const catcher = await startMailCatcher({ smtpPort: 0, webPort: 0, logger: createLogger('silent') });
    expect((await get(catcher, '/')).status).toBe(200);
    await catcher.close();
    await expect(get(catcher, '/')).rejects.toThrow();
    const transport = smtpTransport(catcher.smtpUrl);
    await expect(transport.send(receipt())).rejects.toMatchObject({ code: 'ESOCKET' });
    await transport.close();
  });
});

function unescapeHtml(value: string): string {
  return value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

async function occupy(): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

function release(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
