import type { CaughtMessage } from './caught-messages';

/**
 * The development mail catcher's pages: plain HTML, every value escaped, no script. A message's
 * own HTML is shown only inside `<iframe sandbox srcdoc>`: no scripts, no forms, no same origin.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escaped for HTML text and for double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const STYLE = `
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 70rem; padding: 1rem 1.5rem; color: #1d1d1f; }
  h1 { font-size: 1.4rem; margin: 0.5rem 0 0.25rem; }
  nav { display: flex; gap: 1.25rem; margin-bottom: 1rem; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
  th { background: #f4f4f6; font-weight: 600; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
  dt { font-weight: 600; }
  dd { margin: 0; overflow-wrap: anywhere; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f7f7f9; padding: 0.75rem; border: 1px solid #ddd; }
  iframe { width: 100%; height: 36rem; border: 1px solid #ddd; background: #fff; }
  .muted { color: #666; }
  .empty { padding: 2rem; text-align: center; color: #555; border: 1px dashed #bbb; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function time(date: Date): string {
  return `<time datetime="${date.toISOString()}">${escapeHtml(date.toISOString().replace('T', ' ').slice(0, 19))} UTC</time>`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** GET /: the caught messages, newest first. */
export function messageListPage(messages: readonly CaughtMessage[]): string {
  const heading = `<h1>Mail catcher</h1>
<p class="muted">Development only: messages the app sends are caught here, and nothing leaves this machine. The last 200 are kept, in memory.</p>
<nav><a href="/">Refresh</a><a href="/api/messages">JSON</a></nav>`;
  if (messages.length === 0) {
    return page(
      'Mail catcher',
      `${heading}\n<p class="empty" data-testid="empty">No mail caught yet. Messages the app sends appear here.</p>`,
    );
  }
  const rows = messages
    .map(
      (m) => `<tr data-testid="message-row">
<td>${time(m.receivedAt)}</td>
<td>${escapeHtml(m.from)}</td>
<td>${escapeHtml(m.to.join(', '))}</td>
<td><a href="/messages/${encodeURIComponent(m.id)}">${escapeHtml(m.subject || '(no subject)')}</a></td>
<td>${m.attachments.length}</td>
</tr>`,
    )
    .join('\n');
  return page(
    `Mail catcher (${messages.length})`,
    `${heading}
<p>${plural(messages.length, 'message')}, newest first.</p>
<table>
<thead><tr><th>Received</th><th>From</th><th>To</th><th>Subject</th><th>Attachments</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`,
  );
}

/** GET /messages/:id: headers, the text part, the HTML part (sandboxed) and the attachments. */
export function messagePage(m: CaughtMessage): string {
  const field = (name: string, value: string) => `<dt>${name}</dt><dd>${value}</dd>`;
  const summary = [
    field('From', `<span data-testid="from">${escapeHtml(m.from)}</span>`),
    field('To', `<span data-testid="to">${escapeHtml(m.to.join(', '))}</span>`),
    m.cc.length ? field('Cc', escapeHtml(m.cc.join(', '))) : '',
    field('Subject', `<span data-testid="subject">${escapeHtml(m.subject || '(no subject)')}</span>`),
    field('Date', m.date ? time(m.date) : '<span class="muted">none</span>'),
    field('Received', time(m.receivedAt)),
    m.messageId ? field('Message-ID', escapeHtml(m.messageId)) : '',
    field('Envelope', escapeHtml(`${m.envelope.mailFrom} -> ${m.envelope.rcptTo.join(', ')}`)),
  ].join('\n');
  const attachments = m.attachments.length
    ? `<ul>\n${m.attachments
        .map(
          (a, n) =>
            `<li data-testid="attachment"><a href="/messages/${encodeURIComponent(m.id)}/attachments/${n}" download="${escapeHtml(a.filename)}">${escapeHtml(a.filename)}</a> <span class="muted">${escapeHtml(a.contentType)}, ${plural(a.size, 'byte')}</span></li>`,
        )
        .join('\n')}\n</ul>`
    : '<p class="muted">None.</p>';
  const html =
    m.html === undefined
      ? '<p class="muted">This message has no HTML part.</p>'
      : `<iframe sandbox srcdoc="${escapeHtml(m.html)}" title="The HTML part of the message" referrerpolicy="no-referrer"></iframe>`;
  const text =
    m.text === undefined ? '<p class="muted">This message has no text part.</p>' : `<pre>${escapeHtml(m.text)}</pre>`;
  const headers = m.headers.map((h) => field(escapeHtml(h.name), escapeHtml(h.value))).join('\n');
  return page(
    m.subject || '(no subject)',
    `<nav><a href="/">All messages</a><a href="/messages/${encodeURIComponent(m.id)}">Refresh</a></nav>
<h1>${escapeHtml(m.subject || '(no subject)')}</h1>
<dl>
${summary}
</dl>
<h2>Attachments</h2>
${attachments}
<h2>HTML part</h2>
${html}
<h2>Text part</h2>
${text}
<details>
<summary>All headers, as received</summary>
<dl>
${headers}
</dl>
</details>`,
  );
}

export function notFoundPage(): string {
  return page(
    'Not found',
    '<nav><a href="/">All messages</a></nav>\n<h1>Not found</h1>\n<p>No such message: the catcher keeps the last 200, in memory, until the app stops.</p>',
  );
}
