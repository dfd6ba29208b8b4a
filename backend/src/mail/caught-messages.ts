import type { AddressObject, ParsedMail } from 'mailparser';

export interface CaughtAttachment {
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
}

/** One message the development mail catcher received, parsed, as its page and API show it. */
export interface CaughtMessage {
  id: string;
  receivedAt: Date;
  /** The envelope: who the SMTP client said it sends for and to. */
  envelope: { mailFrom: string; rcptTo: string[] };
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  /** The Date header, if the message has one that parses. */
  date?: Date;
  messageId?: string;
  /** Every header line as received, in order. */
  headers: { name: string; value: string }[];
  text?: string;
  html?: string;
  attachments: CaughtAttachment[];
}

/** The last `capacity` messages, newest first; older ones are dropped (it is a development tool). */
export class CaughtMessages {
  private readonly messages: CaughtMessage[] = [];
  private nextId = 1;

  constructor(private readonly capacity: number) {}

  add(parsed: ParsedMail, envelope: CaughtMessage['envelope'], receivedAt = new Date()): CaughtMessage {
    const message = toCaught(String(this.nextId++), parsed, envelope, receivedAt);
    this.messages.unshift(message);
    if (this.messages.length > this.capacity) this.messages.length = this.capacity;
    return message;
  }

  list(): readonly CaughtMessage[] {
    return this.messages;
  }

  get(id: string): CaughtMessage | undefined {
    return this.messages.find((m) => m.id === id);
  }
}

function toCaught(
  id: string,
  parsed: ParsedMail,
  envelope: CaughtMessage['envelope'],
  receivedAt: Date,
): CaughtMessage {
  return {
    id,
    receivedAt,
    envelope,
    from: addresses(parsed.from)[0] ?? envelope.mailFrom,
    to: parsed.to ? addresses(parsed.to) : envelope.rcptTo,
    cc: addresses(parsed.cc),
    subject: parsed.subject ?? '',
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : undefined,
    messageId: parsed.messageId,
    headers: parsed.headerLines.map(({ line }) => headerOf(line)),
    text: parsed.text || undefined,
    html: parsed.html || undefined,
    attachments: parsed.attachments.map((a, n) => ({
      filename: a.filename ?? `attachment-${n + 1}`,
      contentType: a.contentType || 'application/octet-stream',
      size: a.content.length,
      content: a.content,
    })),
  };
}

/** `Name <address>` (or the bare address) of each mailbox in a header. */
function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  if (!field) return [];
  const objects = Array.isArray(field) ? field : [field];
  return objects.flatMap((o) =>
    o.value
      .flatMap((a) => (a.group ? a.group : [a]))
      .map((a) => (a.name ? `${a.name} <${a.address ?? ''}>` : (a.address ?? ''))),
  );
}

/** `Subject: Hello` (possibly folded over lines) as name and value. */
function headerOf(line: string): { name: string; value: string } {
  const colon = line.indexOf(':');
  if (colon < 0) return { name: line, value: '' };
  return {
    name: line.slice(0, colon).trim(),
    value: line
      .slice(colon + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim(),
  };
}
