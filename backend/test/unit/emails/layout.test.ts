import { renderEmail } from '../../../src/emails/render-email';
import { renderHtml } from '../../../src/emails/layout';
import { button, paragraph, user } from '../../../src/emails/message';
import { renderText, TEXT_WIDTH, wrap } from '../../../src/emails/text-layout';
import { FIXTURES, KINDS } from './email-fixtures';

const message = {
  subject: 'Subject',
  preheader: 'The preview line',
  heading: 'Heading',
  blocks: [
    paragraph('Hello ', user('محمد الأحمد'), ','),
    button('Open', 'https://learn.example.com/a'),
    false as const,
    undefined,
  ],
  footer: ['Footer line'],
};

describe('HTML layout', () => {
  it.each(KINDS)(
    'when a %s is rendered, then it is a self-contained HTML email: no images, scripts, styles or remote resources',
    (kind) => {
      const { html } = renderEmail(FIXTURES[kind]);
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain('<html lang="en"');
      expect(html).toContain('<meta charset="utf-8" />');
      for (const banned of [
        /<img/i,
        /<script/i,
        /<style/i,
        /<link/i,
        /<iframe/i,
        /\ssrc=/i,
        /url\(/i,
        /@import/i,
        /\son\w+=/i,
      ]) {
        expect(html).not.toMatch(banned);
      }
    },
  );

  it('when a message has a preheader, then it is first in the body and hidden', () => {
    const out = renderHtml(message);
    expect(out).toMatch(/<body[^>]*>\s*<div style="display:none;[^"]*">The preview line/);
  });

  it('when a message has a button, then it is a link with the URL also printed in full', () => {
    const out = renderHtml(message);
    expect(out.match(/href="https:\/\/learn\.example\.com\/a"/g)).toHaveLength(2);
    expect(out).toContain('>https://learn.example.com/a</a>');
  });

  it('when a block is false or undefined, then it is left out', () => {
    expect(renderText(message)).not.toMatch(/false|undefined/);
    expect(renderHtml(message)).not.toMatch(/false|undefined/);
  });
});

describe('text layout', () => {
  it('when a paragraph is longer than the width, then it wraps at spaces within 78 characters', () => {
    const lines = wrap('word '.repeat(40).trim());
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(TEXT_WIDTH);
    expect(lines.join(' ')).toBe('word '.repeat(40).trim());
  });

  it('when a word is longer than the width, then it gets a line of its own, unbroken', () => {
    const url = `https://learn.example.com/${'x'.repeat(90)}`;
    expect(wrap(`see ${url} now`)).toEqual(['see', url, 'now']);
  });

  it('when an amount has a no-break space, then it is never split across lines', () => {
    const lines = wrap(`${'a'.repeat(72)} KWD\u00a01.250`);
    expect(lines).toEqual(['a'.repeat(72), 'KWD\u00a01.250']);
  });

  it('when a line is wrapped with prefixes, then the first and the following lines carry them', () => {
    expect(wrap('one two three', '- ', '  ', 9)).toEqual(['- one two', '  three']);
  });

  it('when a name is Arabic, then the text isolates it; a Latin or CJK name is left as it is', () => {
    expect(renderText(message)).toContain('Hello \u2068محمد الأحمد\u2069,');
    expect(renderEmail(FIXTURES.purchase_receipt).text).toContain('Hello 山田 太郎,');
  });

  it.each(KINDS)(
    'when a %s is rendered, then every text line fits in 78 characters or is one unbreakable word',
    (kind) => {
      const { text } = renderEmail(FIXTURES[kind]);
      for (const l of text.split('\n')) {
        if ([...l].length > TEXT_WIDTH) expect(l).not.toMatch(/ /);
      }
    },
  );

  it.each(KINDS)('when a %s is rendered, then each link in the text is on its own line, in full', (kind) => {
    const facts = FIXTURES[kind] as unknown as Record<string, unknown>;
    const lines = renderEmail(FIXTURES[kind]).text.split('\n');
    for (const key of Object.keys(facts).filter((k) => k.endsWith('Url'))) {
      expect(lines).toContain(facts[key]);
    }
  });
});
