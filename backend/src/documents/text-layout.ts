/// <reference types="pdfkit" />
import type { FontWeight } from './fonts';
import { pdfkitFont } from './pdfkit-font';
import { shape } from './shaping';
import { visualRuns, type TextRun } from './text-runs';

export interface TextStyle {
  size: number;
  weight: FontWeight;
  color?: string;
}

export interface DrawOptions {
  /** With `width`, the text is aligned inside [x, x + width]. */
  align?: 'left' | 'right';
  width?: number;
}

const MARK = /\p{M}/u;
const CJK = /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/u;

/**
 * One document's text setting on a pdfkit document: measuring, wrapping and drawing lines of
 * mixed-script text, run by run (see text-runs.ts), each run in its own embedded font.
 *
 * Runs are measured and drawn from the same shaping (shaping.ts, pdfkit-font.ts).
 */
export class DocumentText {
  constructor(private readonly doc: PDFKit.PDFDocument) {}

  /** Width in points of one line, as `draw` sets it. */
  measure(text: string, style: TextStyle): number {
    let width = 0;
    for (const run of visualRuns(text, style.weight)) width += runWidth(run, style.size);
    return width;
  }

  /**
   * Breaks text into lines no wider than `width`: at spaces, between CJK characters, and inside
   * a word only when the word alone is too wide.
   */
  wrap(text: string, width: number, style: TextStyle): string[] {
    const tokens = tokenize(text.normalize('NFC').replace(/\s+/gu, ' ').trim());
    const lines: string[] = [];
    let line = '';
    let lineWidth = 0;
    const flush = () => {
      if (line.trim() !== '') lines.push(line.trimEnd());
      line = '';
      lineWidth = 0;
    };
    for (const token of tokens) {
      if (token === ' ' && line === '') continue;
      const tokenWidth = this.measure(token, style);
      if (lineWidth + tokenWidth <= width || token === ' ') {
        line += token;
        lineWidth += tokenWidth;
        continue;
      }
      flush();
      if (tokenWidth <= width) {
        line = token;
        lineWidth = tokenWidth;
        continue;
      }
      for (const piece of clusters(token)) {
        const pieceWidth = this.measure(piece, style);
        if (line !== '' && lineWidth + pieceWidth > width) flush();
        line += piece;
        lineWidth += pieceWidth;
      }
    }
    flush();
    return lines;
  }

  /** Draws one line with its baseline at `baseline` (all runs share it, whatever their font). */
  draw(text: string, x: number, baseline: number, style: TextStyle, options: DrawOptions = {}): void {
    const runs = visualRuns(text, style.weight);
    const widths = runs.map((run) => runWidth(run, style.size));
    const total = widths.reduce((a, b) => a + b, 0);
    let cursor = options.align === 'right' && options.width !== undefined ? x + options.width - total : x;
    const placed = runs.map((run, i) => {
      const at = cursor;
      cursor += widths[i];
      return { run, at };
    });
    // Placed left to right, written in reading order: text extraction that follows the content
    // stream (pdf.js) then reads a mixed Arabic and Latin line in logical order.
    placed.sort((a, b) => a.run.logical - b.run.logical);
    this.doc.fillColor(style.color ?? '#000000');
    for (const { run, at } of placed) {
      this.doc
        .font(pdfkitFont(run.face), run.face.key)
        .fontSize(style.size)
        // `features` (any value) makes pdfkit lay out the whole run at once instead of word by
        // word: right-to-left words must be ordered by the shaper, not appended left to right.
        .text(run.text, at, baseline, { lineBreak: false, baseline: 'alphabetic', features: [] });
    }
  }
}

function runWidth(run: TextRun, size: number): number {
  return (shape(run.face, run.text).advanceWidth * size) / run.face.font.unitsPerEm;
}

/** Words, single spaces, and CJK characters one by one (a line may break between them). */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let word = '';
  for (const piece of clusters(text)) {
    if (piece === ' ' || CJK.test(piece)) {
      if (word) tokens.push(word);
      tokens.push(piece);
      word = '';
    } else {
      word += piece;
    }
  }
  if (word) tokens.push(word);
  return tokens;
}

/** Characters with their combining marks, the smallest pieces a word may be broken into. */
function clusters(text: string): string[] {
  const out: string[] = [];
  for (const ch of text) {
    if (out.length > 0 && MARK.test(ch)) out[out.length - 1] += ch;
    else out.push(ch);
  }
  return out;
}
