import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CaughtAttachment, CaughtMessage, CaughtMessages } from './caught-messages';
import { messageListPage, messagePage, notFoundPage } from './mail-catcher-pages';

/**
 * Our pages load nothing: no script, no image, no font, only their own inline style. The
 * srcdoc iframe needs no frame-src (about:srcdoc is not fetched) and inherits this policy, so a
 * caught message cannot fetch anything either (no tracking pixels, no remote content, no link
 * followed inside the frame), on top of its sandbox.
 */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** An attachment is downloaded, never rendered on our origin, whatever type its sender claimed. */
const ATTACHMENT_CSP = "default-src 'none'; sandbox";

const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/** The catcher's web page and JSON API (node:http, no framework: five read-only routes). */
export function mailCatcherHandler(store: CaughtMessages): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://catcher.invalid');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...COMMON_HEADERS, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Method not allowed\n');
      return;
    }
    if (pathname === '/') return sendPage(res, 200, messageListPage(store.list()));
    if (pathname === '/api/messages') return sendJson(res, { data: store.list().map(toJson) });
    // Ids are the catcher's own counters: digits only, nothing to decode.
    const detail = /^\/messages\/(\d{1,10})$/.exec(pathname);
    if (detail) {
      const message = store.get(detail[1]);
      return message ? sendPage(res, 200, messagePage(message)) : sendPage(res, 404, notFoundPage());
    }
    const file = /^\/messages\/(\d{1,10})\/attachments\/(\d{1,4})$/.exec(pathname);
    const attachment = file && store.get(file[1])?.attachments[Number(file[2])];
    if (attachment) return sendAttachment(res, attachment);
    sendPage(res, 404, notFoundPage());
  };
}

function sendPage(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': PAGE_CSP,
  });
  res.end(html);
}

function sendJson(res: ServerResponse, body: unknown): void {
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  });
  res.end(JSON.stringify(body));
}

function sendAttachment(res: ServerResponse, attachment: CaughtAttachment): void {
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'Content-Type': safeContentType(attachment.contentType),
    'Content-Length': attachment.content.length,
    'Content-Disposition': contentDisposition(attachment.filename),
    'Content-Security-Policy': ATTACHMENT_CSP,
  });
  res.end(attachment.content);
}

/** What a caught message looks like to tests and tools (`GET /api/messages`), without the bytes. */
export interface CaughtMessageJson {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  date: string | null;
  messageId: string | null;
  text: string | null;
  html: string | null;
  attachments: { filename: string; contentType: string; size: number; url: string }[];
}

function toJson(m: CaughtMessage): CaughtMessageJson {
  return {
    id: m.id,
    receivedAt: m.receivedAt.toISOString(),
    from: m.from,
    to: m.to,
    cc: m.cc,
    subject: m.subject,
    date: m.date?.toISOString() ?? null,
    messageId: m.messageId ?? null,
    text: m.text ?? null,
    html: m.html ?? null,
    attachments: m.attachments.map((a, n) => ({
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      url: `/messages/${encodeURIComponent(m.id)}/attachments/${n}`,
    })),
  };
}

/** A sender's content type, if it is a plain `type/subtype`; anything else downloads as bytes. */
function safeContentType(value: string): string {
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i.test(value) ? value : 'application/octet-stream';
}

/** `attachment` with an ASCII fallback name and the exact UTF-8 one (RFC 6266, RFC 8187). */
function contentDisposition(filename: string): string {
  const clean = filename.replace(/[\p{Cc}/\\]/gu, '_');
  const ascii = clean.replace(/[^\x20-\x7e]/g, '_').replace(/["%]/g, '_');
  const encoded = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
