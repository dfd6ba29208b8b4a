import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describeSmtpUrl, smtpTransport } from '../../../src/mail/smtp-transport';
import type { MailTransport, OutgoingEmail } from '../../../src/services/emails/mail-transport';
import { startSmtpInbox, type SmtpInbox } from '../../support/smtp-inbox';

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n'),
  Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80]),
  Buffer.from('\n%%EOF\n'),
]);

function receipt(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    from: 'LearnPay <billing@learnpay.example>',
    to: ['Ανδρέας Παπαδόπουλος <andreas@example.com>'],
    subject: 'Your receipt for TypeScript Fundamentals',
    html: '<p>Thank you, <b>Ανδρέας</b>.</p>',
    text: 'Thank you, Ανδρέας.',
    messageId: '<receipt-3f1c.0@learnpay.example>',
    attachments: [],
    ...overrides,
  };
}

describe('smtpTransport (nodemailer) against a real SMTP server', () => {
  let inbox: SmtpInbox;
  let transport: MailTransport;

  beforeEach(async () => {
    inbox = await startSmtpInbox();
    transport = smtpTransport(inbox.url);
  });

  afterEach(async () => {
    await transport.close();
    await inbox.close();
  });

  it('when a message is sent, then the server receives it with its addresses, subject and both parts', async () => {
    await transport.send(receipt());
    const [message] = await inbox.waitFor((m) => m.length === 1);
    expect(message.from?.value).toEqual([{ name: 'LearnPay', address: 'billing@learnpay.example' }]);
    expect(message.to).toMatchObject({ value: [{ name: 'Ανδρέας Παπαδόπουλος', address: 'andreas@example.com' }] });
    expect(message.subject).toBe('Your receipt for TypeScript Fundamentals');
    expect(message.html).toBe('<p>Thank you, <b>Ανδρέας</b>.</p>');
    expect(message.text?.trim()).toBe('Thank you, Ανδρέας.');
  });

  it('when a Message-ID is given, then the message carries exactly that id and send reports it', async () => {
    const sent = await transport.send(receipt());
    const [message] = await inbox.waitFor((m) => m.length === 1);
    expect(message.messageId).toBe('<receipt-3f1c.0@learnpay.example>');
    expect(sent.messageId).toBe('<receipt-3f1c.0@learnpay.example>');
  });

  it('when a message has attachments, then they arrive byte for byte with their names and types', async () => {
    const csv = Buffer.from('date,amount\n2026-01-01,45.00\n');
    await transport.send(
      receipt({
        attachments: [
          { filename: 'INV-2026-000001.pdf', content: PDF, contentType: 'application/pdf' },
          { filename: 'lines.csv', content: csv, contentType: 'text/csv' },
        ],
      }),
    );
    const [message] = await inbox.waitFor((m) => m.length === 1);
    expect(message.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['INV-2026-000001.pdf', 'application/pdf'],
      ['lines.csv', 'text/csv'],
    ]);
    expect(message.attachments[0].content.equals(PDF)).toBe(true);
    expect(message.attachments[1].content.equals(csv)).toBe(true);
  });

  it('when the server answers 451 (an outage), then send rejects with that code and nothing is delivered; after it recovers, the same message goes through', async () => {
    inbox.outage(true);
    await expect(transport.send(receipt())).rejects.toMatchObject({ responseCode: 451 });
    expect(inbox.refused).toBe(1);
    expect(inbox.messages).toHaveLength(0);

    inbox.outage(false);
    await transport.send(receipt());
    const messages = await inbox.waitFor((m) => m.length === 1);
    expect(messages.map((m) => m.messageId)).toEqual(['<receipt-3f1c.0@learnpay.example>']);
  });

  it('when nothing listens on the port, then send rejects (a failed attempt, to be retried)', async () => {
    const port = await closedPort();
    const nowhere = smtpTransport(`smtp://127.0.0.1:${port}`);
    await expect(nowhere.send(receipt())).rejects.toMatchObject({ code: 'ESOCKET' });
    await nowhere.close();
  });
});

describe('smtpTransport timeouts', () => {
  let silent: Server;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // Accepts the connection and never greets: a mail server that hangs.
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    sockets.forEach((s) => s.destroy());
    await new Promise((resolve) => silent.close(resolve));
  });

  it('when the server accepts but never greets, then send rejects once the greeting timeout passes instead of hanging', async () => {
    const { port } = silent.address() as AddressInfo;
    const hanging = smtpTransport(`smtp://127.0.0.1:${port}`, { greetingTimeout: 300 });
    const started = Date.now();
    await expect(hanging.send(receipt())).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    expect(Date.now() - started).toBeLessThan(5_000);
    await hanging.close();
  });
});

describe('describeSmtpUrl', () => {
  it.each([
    ['smtps://mailer:s3cr3t-pass@mail.example.com:465', 'smtps://mail.example.com:465'],
    ['smtp://apikey:SG.abc.def@smtp.example.com:2525?pool=true&name=x', 'smtp://smtp.example.com:2525'],
    ['smtp://mail.example.com', 'smtp://mail.example.com:587'],
    ['smtps://user@mail.example.com', 'smtps://mail.example.com:465'],
  ])('when the URL is %s, then it is shown as %s: no user name, password or options', (url, shown) => {
    expect(describeSmtpUrl(url)).toBe(shown);
    expect(describeSmtpUrl(url)).not.toMatch(/s3cr3t|SG\.abc|mailer|apikey|user@|pool/);
  });

  it('when the URL does not parse, then it says so without echoing it', () => {
    expect(describeSmtpUrl('smtp://user:pa ss@[bad')).toBe('(an SMTP URL that does not parse)');
  });
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
