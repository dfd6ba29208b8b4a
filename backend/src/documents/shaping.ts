import type { FontFace } from './fonts';
import { isRightToLeft } from './text-runs';

/**
 * A run of text shaped by fontkit (glyph choice, joining, kerning): what pdfkit needs to draw
 * and embed it, as plain data. Units are the font's (unitsPerEm).
 */
export interface ShapedRun {
  readonly glyphs: readonly ShapedGlyph[];
  readonly positions: readonly ShapedPosition[];
  readonly advanceWidth: number;
}

export interface ShapedGlyph {
  readonly id: number;
  /** The characters the glyph stands for; pdfkit writes them to the PDF's ToUnicode map. */
  readonly codePoints: readonly number[];
  readonly advanceWidth: number;
}

export interface ShapedPosition {
  readonly xAdvance: number;
  readonly yAdvance: number;
  readonly xOffset: number;
  readonly yOffset: number;
}

const MARK = /\p{M}/u;
/** Per face; cleared when full, which costs only re-shaping. */
const MAX_RUNS_PER_FACE = 20_000;
const cache = new WeakMap<FontFace, Map<string, ShapedRun>>();

/**
 * Shapes `text` in `face`, once per process: shaping (above all kerning) is most of the time a
 * document takes, and labels, names and amounts recur across documents.
 *
 * The result depends on the text and the font alone. fontkit keeps one Glyph object per glyph
 * id carrying the code points of whichever text first produced it (a glyph shared by two
 * characters, a ligature also reachable from its own code point); its glyph cache is emptied
 * before each shaping so that those code points come from this text, never from what the
 * process shaped earlier. So the same snapshot renders to the same bytes in any process.
 */
export function shape(face: FontFace, text: string): ShapedRun {
  let runs = cache.get(face);
  if (!runs) {
    runs = new Map();
    cache.set(face, runs);
  }
  const cached = runs.get(text);
  if (cached) return cached;

  freshGlyphs(face);
  // Without combining marks (text is NFC), mark positioning only costs time (it is much of
  // fontkit's GPOS work), and ccmp would only split letters the font has whole: Noto Sans
  // decomposes ẹ ị ọ ụ ṣ into a base and a dot, and the base glyph, shared with the plain
  // letter, can carry only one character in the ToUnicode map, so "ị" would be read as "i".
  const features: Record<string, boolean> = MARK.test(text) ? {} : { ccmp: false, mark: false, mkmk: false };
  // Forced, not detected: fontkit would read Arabic-Indic digits as Arabic and reverse them.
  const direction = isRightToLeft(text) ? 'rtl' : 'ltr';
  const run = face.font.layout(text, features, undefined, undefined, direction);
  const shaped: ShapedRun = {
    glyphs: run.glyphs.map((g) => ({ id: g.id, codePoints: [...g.codePoints], advanceWidth: g.advanceWidth })),
    positions: run.positions.map((p) => ({
      xAdvance: p.xAdvance,
      yAdvance: p.yAdvance,
      xOffset: p.xOffset,
      yOffset: p.yOffset,
    })),
    advanceWidth: run.advanceWidth,
  };
  if (runs.size >= MAX_RUNS_PER_FACE) runs.clear();
  runs.set(text, shaped);
  return shaped;
}

interface GlyphCache {
  _glyphs: Record<number, { _metrics?: unknown; _getMetrics(): unknown } | undefined>;
  _getBaseGlyph(id: number, codePoints?: number[]): { _metrics?: unknown; _getMetrics(): unknown } | null;
}

const keepsMetrics = new WeakSet<object>();

/**
 * Empties fontkit's glyph cache (see `shape`). A glyph's metrics (advance, bounding box, read
 * from the font's tables) depend on its id alone and are the costly part of a new Glyph, so
 * they are carried over to the new objects.
 */
function freshGlyphs(face: FontFace): void {
  const font = face.font as unknown as GlyphCache;
  font._glyphs = {};
  if (keepsMetrics.has(font)) return;
  keepsMetrics.add(font);
  const metrics = new Map<number, unknown>();
  const baseGlyph = font._getBaseGlyph.bind(font);
  font._getBaseGlyph = (id, codePoints) => {
    const fresh = font._glyphs[id] === undefined;
    const glyph = baseGlyph(id, codePoints);
    if (glyph && fresh) {
      const known = metrics.get(id);
      if (known) glyph._metrics = known;
      else metrics.set(id, glyph._getMetrics());
    }
    return glyph;
  };
}
