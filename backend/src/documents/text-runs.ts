import { faceFor, hasGlyph, type FontFace, type FontWeight } from './fonts';

/**
 * Splits one line of text into runs that are each set in a single font, in visual (left to
 * right) order, so that mixed Latin, Arabic and Japanese text can be drawn run by run.
 *
 * The ordering is the Unicode bidirectional algorithm reduced to what a single left-to-right
 * line of an invoice needs (no explicit embeddings or isolates, no mirroring): right-to-left
 * letters are level 1, numbers after them level 2, neutrals between two right-to-left sides
 * take their direction, and runs are then reversed level by level. Within a right-to-left run
 * fontkit itself puts the glyphs in visual order (see `isRightToLeft`).
 */
export interface TextRun {
  /** The characters, in the order fontkit lays them out (see `isRightToLeft`). */
  readonly text: string;
  readonly face: FontFace;
  /** Position of the run in reading (logical) order. */
  readonly logical: number;
}

type BidiClass = 'L' | 'R' | 'EN' | 'AN' | 'N';

interface Char {
  text: string;
  cls: BidiClass;
  face: FontFace;
  level: number;
}

const RTL_LETTER = /[\u0590-\u05FF\u0600-\u065F\u066A-\u06EF\u06FA-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;
const ARABIC_DIGIT = /[\u0660-\u0669\u06F0-\u06F9]/u;
const STRONG = /[\p{L}]/u;
const MARK = /\p{M}/u;
const NUMBER_SEPARATOR = /^[,.:/\u00A0\u202F]$/u;
const NUMBER_TERMINATOR = /^[\p{Sc}%\u2030#\u00B0]$/u;

/** Right-to-left letters: fontkit detects their script and reverses the glyphs of the run. */
export function isRightToLeft(text: string): boolean {
  return RTL_LETTER.test(text);
}

function classify(ch: string): BidiClass {
  if (RTL_LETTER.test(ch)) return 'R';
  if (ch >= '0' && ch <= '9') return 'EN';
  if (ARABIC_DIGIT.test(ch)) return 'AN';
  if (STRONG.test(ch)) return 'L';
  return 'N';
}

/** Control characters and line breaks become spaces: a run is one line of plain text. */
function clean(text: string): string {
  return text.normalize('NFC').replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/gu, ' ');
}

const MAX_CACHED = 20_000;
const cache = new Map<string, readonly TextRun[]>();

/** The runs of one line in visual order; a pure function of the text, so kept per process. */
export function visualRuns(text: string, weight: FontWeight): readonly TextRun[] {
  const key = `${weight}\u0000${text}`;
  let runs = cache.get(key);
  if (!runs) {
    runs = splitRuns(text, weight);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, runs);
  }
  return runs;
}

function splitRuns(text: string, weight: FontWeight): TextRun[] {
  const chars: Char[] = [];
  for (const ch of clean(text)) {
    const previous = chars[chars.length - 1];
    // A combining mark belongs to its base: same class, same font where the font has it (W1).
    if (previous && MARK.test(ch)) {
      const cp = ch.codePointAt(0)!;
      chars.push({
        text: ch,
        cls: previous.cls,
        face: hasGlyph(previous.face, cp) ? previous.face : faceFor(cp, weight),
        level: 0,
      });
      continue;
    }
    chars.push({ text: ch, cls: classify(ch), face: faceFor(ch.codePointAt(0)!, weight), level: 0 });
  }
  if (chars.length === 0) return [];
  resolveNumbers(chars);
  resolveLevels(chars);
  chooseNeutralFaces(chars);
  return reorder(groupRuns(chars));
}

/** W4, W5, W7: separators and currency signs around digits join the number; EN after L is L. */
function resolveNumbers(chars: Char[]): void {
  for (let i = 1; i < chars.length - 1; i++) {
    const c = chars[i];
    if (c.cls !== 'N' || !NUMBER_SEPARATOR.test(c.text)) continue;
    const before = chars[i - 1].cls;
    if ((before === 'EN' || before === 'AN') && chars[i + 1].cls === before) c.cls = before;
  }
  for (let i = 0; i < chars.length; i++) {
    if (chars[i].cls !== 'N' || !NUMBER_TERMINATOR.test(chars[i].text)) continue;
    if (chars[i - 1]?.cls === 'EN' || chars[i + 1]?.cls === 'EN') {
      // a run of terminators next to a number: extend both ways
      let j = i;
      while (j < chars.length && chars[j].cls === 'N' && NUMBER_TERMINATOR.test(chars[j].text)) j++;
      for (let k = i; k < j; k++) chars[k].cls = 'EN';
      i = j - 1;
    }
  }
  let lastStrong: BidiClass = 'L';
  for (const c of chars) {
    if (c.cls === 'L' || c.cls === 'R') lastStrong = c.cls;
    else if (c.cls === 'EN' && lastStrong === 'L') c.cls = 'L';
  }
}

/** N1, N2, I1, I2 for a left-to-right paragraph. */
function resolveLevels(chars: Char[]): void {
  // Numbers count as right-to-left for the neutrals around them (N1).
  const direction = (cls: BidiClass): 'L' | 'R' | null =>
    cls === 'L' ? 'L' : cls === 'R' || cls === 'EN' || cls === 'AN' ? 'R' : null;
  for (let i = 0; i < chars.length;) {
    if (chars[i].cls !== 'N') {
      i++;
      continue;
    }
    let j = i;
    while (j < chars.length && chars[j].cls === 'N') j++;
    const before = i > 0 ? direction(chars[i - 1].cls) : 'L';
    const after = j < chars.length ? direction(chars[j].cls) : 'L';
    const resolved = before === 'R' && after === 'R' ? 'R' : 'L';
    for (let k = i; k < j; k++) chars[k].cls = resolved;
    i = j;
  }
  for (const c of chars) c.level = c.cls === 'R' ? 1 : c.cls === 'EN' || c.cls === 'AN' ? 2 : 0;
}

/** Spaces and punctuation stay in the font of the text before them, so runs stay long. */
function chooseNeutralFaces(chars: Char[]): void {
  for (let i = 1; i < chars.length; i++) {
    const c = chars[i];
    if (STRONG.test(c.text) || MARK.test(c.text) || /\p{N}/u.test(c.text)) continue;
    const previous = chars[i - 1];
    if (previous.face !== c.face && previous.level === c.level && hasGlyph(previous.face, c.text.codePointAt(0)!)) {
      c.face = previous.face;
    }
  }
}

interface LevelRun {
  text: string;
  face: FontFace;
  level: number;
  logical: number;
}

function groupRuns(chars: Char[]): LevelRun[] {
  const runs: LevelRun[] = [];
  for (const c of chars) {
    const last = runs[runs.length - 1];
    if (last && last.face === c.face && last.level === c.level) last.text += c.text;
    else runs.push({ text: c.text, face: c.face, level: c.level, logical: runs.length });
  }
  return runs;
}

/** L2: reverse every maximal sequence at each level from the highest down to 1. */
function reorder(runs: LevelRun[]): TextRun[] {
  const maxLevel = Math.max(...runs.map((r) => r.level));
  let order = runs;
  for (let level = maxLevel; level >= 1; level--) {
    const next: LevelRun[] = [];
    for (let i = 0; i < order.length;) {
      if (order[i].level < level) {
        next.push(order[i++]);
        continue;
      }
      let j = i;
      while (j < order.length && order[j].level >= level) j++;
      next.push(...order.slice(i, j).reverse());
      i = j;
    }
    order = next;
  }
  return order.flatMap((run): TextRun[] => {
    // fontkit reverses a run with right-to-left letters itself. Any other run at an odd level
    // (neutrals between right-to-left words, in a font of their own) is split into characters
    // placed right to left, each keeping its reading position, so extraction still reads it.
    if (run.level % 2 === 0 || isRightToLeft(run.text)) return [run];
    const chars = [...run.text];
    return chars.map((text, i) => ({ text, face: run.face, logical: run.logical + i / chars.length })).reverse();
  });
}
