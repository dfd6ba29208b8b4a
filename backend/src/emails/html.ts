/**
 * A small, safe way to write HTML: the `html` tag escapes every interpolated value unless it is
 * itself the result of an `html` call. Only the literal parts of a template (our code) are ever
 * trusted as markup; no value from facts can become markup, an attribute break-out or a script.
 */

/** Wraps markup this module built or escaped; kept private so nothing else can vouch for markup. */
let trusted: (markup: string) => SafeHtml;

/** Markup built by `html` (or escaped text): the only thing interpolated without escaping. */
export class SafeHtml {
  static {
    trusted = (markup) => new SafeHtml(markup);
  }

  private constructor(private readonly markup: string) {}

  toString(): string {
    return this.markup;
  }
}

/** What a template may interpolate: text and numbers are escaped, nothing at all renders empty. */
export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Text made safe for element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => ESCAPES[char] ?? char);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(String(value));
}

/** Tagged template: html`<p>${name}</p>` escapes `name`; nested html`` and arrays of it join as markup. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let markup = strings[0] ?? '';
  values.forEach((value, index) => {
    markup += render(value) + (strings[index + 1] ?? '');
  });
  return trusted(markup);
}

/**
 * An absolute http(s) URL, normalised, or undefined for anything else (relative paths,
 * `javascript:`, `data:`, `mailto:`, credentials in the URL, unparseable text). Only what this
 * returns may be put in an href.
 */
export function safeHttpUrl(url: string): string | undefined {
  if (!/^https?:\/\//i.test(url.trim())) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  // user:password@ lets a link read as one host and go to another
  if (parsed.hostname === '' || parsed.username !== '' || parsed.password !== '') return undefined;
  return parsed.href;
}

/**
 * A link: `<a href>` when the URL is an absolute http(s) URL, else the label and the URL as plain
 * text, so a bad URL is visible but never clickable.
 */
export function link(url: string, label: HtmlValue, style = ''): SafeHtml {
  const href = safeHttpUrl(url);
  if (href === undefined) return html`${label} (${url})`;
  return style === '' ? html`<a href="${href}">${label}</a>` : html`<a href="${href}" style="${style}">${label}</a>`;
}
