import { escapeHtml, html, link, SafeHtml, safeHttpUrl } from '../../../src/emails/html';

describe('html', () => {
  it('when a value holds markup characters, then each of them is escaped', () => {
    expect(html`<p>${`<script>alert(1)</script> & "quotes" 'single' \`tick\``}</p>`.toString()).toBe(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;single&#39; &#96;tick&#96;</p>',
    );
  });

  it('when a value sits in an attribute, then it cannot close the attribute', () => {
    const value = '" onmouseover="alert(1)';
    expect(html`<span title="${value}">x</span>`.toString()).toBe(
      '<span title="&quot; onmouseover=&quot;alert(1)">x</span>',
    );
  });

  it('when a value is the result of another html call, then it is kept as markup', () => {
    const inner = html`<strong>${'a & b'}</strong>`;
    expect(html`<p>${inner}</p>`.toString()).toBe('<p><strong>a &amp; b</strong></p>');
  });

  it('when an array is interpolated, then its items join in order, each escaped unless it is SafeHtml', () => {
    const items = [html`<li>one</li>`, '<li>two</li>', [html`<li>${'<3'}</li>`]];
    // prettier-ignore
    const list = html`<ul>${items}</ul>`;
    expect(list.toString()).toBe('<ul><li>one</li>&lt;li&gt;two&lt;/li&gt;<li>&lt;3</li></ul>');
  });

  it('when a value is null, undefined or false, then nothing is rendered; numbers are rendered', () => {
    expect(html`[${null}${undefined}${false}${0}${42}]`.toString()).toBe('[042]');
  });

  it('when an object only pretends to be markup, then its text is escaped', () => {
    const impostor = { toString: () => '<b>bold</b>' } as unknown as string;
    expect(html`${impostor}`.toString()).toBe('&lt;b&gt;bold&lt;/b&gt;');
    expect(html`${impostor}`).toBeInstanceOf(SafeHtml);
  });

  it('when text is escaped twice, then the ampersands of the first pass are escaped again (no double decoding)', () => {
    expect(escapeHtml(escapeHtml('<'))).toBe('&amp;lt;');
  });
});

describe('safeHttpUrl', () => {
  it.each([
    ['https://learn.example.com/account/invoices', 'https://learn.example.com/account/invoices'],
    ['http://localhost:4200/plans', 'http://localhost:4200/plans'],
    ['HTTPS://Learn.Example.com/a?b=1#c', 'https://learn.example.com/a?b=1#c'],
    ['https://learn.example.com/a b"<x>', 'https://learn.example.com/a%20b%22%3Cx%3E'],
  ])('when the URL is %s, then it is accepted as %s', (url, expected) => {
    expect(safeHttpUrl(url)).toBe(expected);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\nscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'mailto:someone@example.com',
    '/account/invoices',
    '//evil.example/x',
    'https:evil.example',
    'https://',
    'https://trusted.example@evil.example/',
    'https://user:pass@learn.example.com/',
    'ftp://learn.example.com/file',
    '',
  ])('when the URL is %j, then it is refused', (url) => {
    expect(safeHttpUrl(url)).toBeUndefined();
  });
});

describe('link', () => {
  it('when the URL is absolute https, then it is an anchor with the URL escaped in its href', () => {
    expect(link('https://learn.example.com/?a=1&b=2', 'Open').toString()).toBe(
      '<a href="https://learn.example.com/?a=1&amp;b=2">Open</a>',
    );
  });

  it('when the URL is javascript:, then no href is written and the URL is shown as text', () => {
    const out = link('javascript:alert("x")', 'Open').toString();
    expect(out).not.toContain('href');
    expect(out).not.toContain('<a');
    expect(out).toBe('Open (javascript:alert(&quot;x&quot;))');
  });
});
