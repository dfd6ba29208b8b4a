import type { Block, EmailMessage, Inline, Line } from './message';

/*
 * The plain-text part: lines wrapped at 78 characters where the words allow it, links printed
 * in full on their own line (so a long URL is never broken), values printed as they are.
 */

export const TEXT_WIDTH = 78;

// Strong right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms).
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;
const FIRST_STRONG_ISOLATE = '\u2068';
const POP_DIRECTIONAL_ISOLATE = '\u2069';

/** Line breaks and control characters in a value would break the layout: they read as spaces. */
function oneLine(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');
}

function inline(piece: Inline): string {
  if (typeof piece === 'string') return oneLine(piece);
  if ('strong' in piece) return oneLine(piece.strong);
  const text = oneLine(piece.user);
  // Isolated, so a right-to-left name does not reorder the English around it.
  return RTL.test(text) ? `${FIRST_STRONG_ISOLATE}${text}${POP_DIRECTIONAL_ISOLATE}` : text;
}

function line(content: Line): string {
  return typeof content === 'string' ? oneLine(content) : content.map(inline).join('');
}

/**
 * Greedy word wrap on ordinary spaces (a no-break space, as in "KWD 1.250", holds). A word
 * longer than the width gets a line of its own. Widths count code points.
 */
export function wrap(text: string, firstPrefix = '', nextPrefix = firstPrefix, width = TEXT_WIDTH): string[] {
  const words = text.split(' ').filter((word) => word !== '');
  const lines: string[] = [];
  let current = firstPrefix;
  let hasWord = false;
  for (const word of words) {
    const candidate = hasWord ? `${current} ${word}` : `${current}${word}`;
    if (!hasWord || [...candidate].length <= width) {
      current = candidate;
    } else {
      lines.push(current);
      current = `${nextPrefix}${word}`;
    }
    hasWord = true;
  }
  lines.push(current);
  return lines.map((l) => l.trimEnd());
}

function block(b: Block): string[] {
  switch (b.type) {
    case 'paragraph':
      return wrap(line(b.content));
    case 'details':
      return b.rows.flatMap((r) => wrap(`${r.label}: ${line(r.value)}`, '', '  '));
    case 'list':
      return b.items.flatMap((item) => wrap(line(item), '- ', '  '));
    case 'section':
      return [oneLine(b.title), '-'.repeat(Math.min([...oneLine(b.title)].length, TEXT_WIDTH))];
    case 'button':
      return [...wrap(`${oneLine(b.action.label)}:`), oneLine(b.action.url)];
    case 'links':
      return b.links.flatMap((l, i) => [...(i > 0 ? [''] : []), ...wrap(`${oneLine(l.label)}:`), oneLine(l.url)]);
  }
}

export function renderText(message: EmailMessage): string {
  const blocks = message.blocks.filter((b): b is Block => Boolean(b));
  const heading = line(message.heading);
  const parts = [
    [...wrap(heading), '='.repeat(Math.min([...heading].length, TEXT_WIDTH))],
    ...blocks.map(block),
    ['-- ', ...message.footer.flatMap((f) => wrap(oneLine(f)))],
  ];
  return `${parts.map((p) => p.join('\n')).join('\n\n')}\n`;
}
