import { html, link, safeHttpUrl, type SafeHtml } from './html';
import type { Block, Detail, EmailMessage, Inline, LinkItem, Line } from './message';

/*
 * The HTML part: tables and inline styles only, since mail clients drop <style> and most CSS;
 * no images, no remote resources, no scripts. Every value goes through `html`, so it is escaped.
 */

const FONT = 'font-family:-apple-system,BlinkMacSystemFont,Segoe UI,Roboto,Helvetica,Arial,sans-serif';
const TEXT = `${FONT};font-size:16px;line-height:1.5;color:#1f2933`;
const STYLE = {
  body: 'margin:0;padding:0;background-color:#f3f4f6',
  preheader:
    'display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all;font-size:1px;line-height:1px;color:#f3f4f6',
  outer: 'width:100%;background-color:#f3f4f6',
  card: 'width:100%;max-width:600px;background-color:#ffffff;border:1px solid #e5e7eb;border-radius:8px',
  content: `padding:32px;${TEXT}`,
  heading: `margin:0 0 24px;${FONT};font-size:24px;line-height:1.3;font-weight:700;color:#111827`,
  section: `margin:28px 0 8px;${FONT};font-size:18px;line-height:1.3;font-weight:700;color:#111827`,
  paragraph: `margin:0 0 16px;${TEXT}`,
  details: 'width:100%;margin:0 0 16px;border-collapse:collapse',
  label: `padding:6px 16px 6px 0;vertical-align:top;white-space:nowrap;${FONT};font-size:15px;color:#4b5563`,
  value: `padding:6px 0;vertical-align:top;${FONT};font-size:15px;color:#111827`,
  list: `margin:0 0 16px;padding:0 0 0 24px;${TEXT}`,
  item: 'margin:0 0 8px',
  buttonCell: 'border-radius:6px;background-color:#1d4ed8',
  button: `display:inline-block;padding:12px 24px;${FONT};font-size:16px;font-weight:600;line-height:1.2;color:#ffffff;text-decoration:none;border-radius:6px`,
  fallback: `margin:0 0 16px;${FONT};font-size:13px;line-height:1.5;color:#4b5563;word-break:break-all`,
  link: 'color:#1d4ed8;text-decoration:underline',
  footer: `padding:16px 32px;${FONT};font-size:12px;line-height:1.5;color:#6b7280`,
  footerLine: 'margin:0 0 4px',
};

function inline(piece: Inline): SafeHtml | string {
  if (typeof piece === 'string') return piece;
  if ('strong' in piece) return html`<strong>${piece.strong}</strong>`;
  return html`<span dir="auto">${piece.user}</span>`;
}

function line(content: Line): (SafeHtml | string)[] {
  return typeof content === 'string' ? [content] : content.map(inline);
}

function detailRow({ label, value }: Detail): SafeHtml {
  return html`<tr>
    <td style="${STYLE.label}">${label}</td>
    <td style="${STYLE.value}">${line(value)}</td>
  </tr>`;
}

function actionButton({ label, url }: LinkItem): SafeHtml {
  if (safeHttpUrl(url) === undefined) {
    // Not a link we can vouch for: shown as text, never as an href.
    return html`<p style="${STYLE.paragraph}"><strong>${label}:</strong> ${url}</p>`;
  }
  return html`<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 16px">
      <tr>
        <td style="${STYLE.buttonCell}">${link(url, label, STYLE.button)}</td>
      </tr>
    </table>
    <p style="${STYLE.fallback}">
      If the button does not work, copy this link into your browser:<br />${link(url, url, STYLE.link)}
    </p>`;
}

function block(b: Block): SafeHtml {
  switch (b.type) {
    case 'paragraph':
      return html`<p style="${STYLE.paragraph}">${line(b.content)}</p>`;
    case 'details':
      return html`<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="${STYLE.details}">
        ${b.rows.map(detailRow)}
      </table>`;
    case 'list':
      return html`<ul style="${STYLE.list}">
        ${b.items.map((item) => html`<li style="${STYLE.item}">${line(item)}</li>`)}
      </ul>`;
    case 'section':
      return html`<h2 style="${STYLE.section}">${b.title}</h2>`;
    case 'button':
      return actionButton(b.action);
    case 'links':
      return html`<p style="${STYLE.paragraph}">
        ${b.links.map((l, i) => html`${i > 0 ? html`<br />` : ''}${link(l.url, l.label, STYLE.link)}`)}
      </p>`;
  }
}

/** Keeps inbox previews from running on into the body text after the preheader. */
const PREHEADER_PAD = html`${Array.from({ length: 12 }, () => html`&#847;&zwnj;&nbsp;`)}`;

export function renderHtml(message: EmailMessage): string {
  const blocks = message.blocks.filter((b): b is Block => Boolean(b));
  return html`<!doctype html>
    <html lang="en" dir="ltr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <title>${message.subject}</title>
      </head>
      <body style="${STYLE.body}">
        <div style="${STYLE.preheader}">${message.preheader}${PREHEADER_PAD}</div>
        <table role="presentation" cellpadding="0" cellspacing="0" border="0" style="${STYLE.outer}">
          <tr>
            <td align="center" style="padding:24px 12px">
              <table role="presentation" cellpadding="0" cellspacing="0" border="0" style="${STYLE.card}">
                <tr>
                  <td style="${STYLE.content}">
                    <h1 style="${STYLE.heading}">${line(message.heading)}</h1>
                    ${blocks.map((b) => html`${block(b)} `)}
                  </td>
                </tr>
              </table>
              <table role="presentation" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px">
                <tr>
                  <td style="${STYLE.footer}">
                    ${message.footer.map((f) => html`<p style="${STYLE.footerLine}">${f}</p> `)}
                  </td>
                </tr>
              </table>
            </td>
          </tr>
        </table>
      </body>
    </html> `.toString();
}
