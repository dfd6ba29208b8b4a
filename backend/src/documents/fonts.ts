import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';

/**
 * The fonts documents are set in, embedded (as subsets) in every PDF: no font is looked up on
 * the machine or fetched at run time, so a document renders the same everywhere.
 *
 * No single font covers the names buyers type, so text is set in runs, each in the first face
 * below that has the glyph: Noto Sans (Latin, Greek, Cyrillic, Vietnamese and the currency
 * signs), Noto Naskh Arabic, then BIZ UDPGothic (Japanese; a JIS font of two weights rather than
 * a full CJK collection of nine). Characters none of them has fall back to the first face
 * (a visible missing-glyph box).
 */
export type FontWeight = 'regular' | 'bold';
export type FontScript = 'latin' | 'arabic' | 'japanese';

/** One font file, parsed once per process. */
export interface FontFace {
  /** Stable per face: the family name pdfkit registers it under in each document. */
  readonly key: string;
  readonly script: FontScript;
  readonly weight: FontWeight;
  readonly font: fontkit.Font;
  /** The font file as read. */
  readonly bytes: Uint8Array;
}

const SCRIPTS: readonly FontScript[] = ['latin', 'arabic', 'japanese'];

// require.resolve finds the packages from src/ (ts-jest, tsx) and from dist/ alike.
const FILES: Record<FontScript, Record<FontWeight, () => string>> = {
  latin: {
    regular: () => require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
    bold: () => require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'),
  },
  arabic: {
    regular: () => embedpdfFont('@embedpdf/fonts-arabic', 'NotoNaskhArabic-Regular.ttf'),
    bold: () => embedpdfFont('@embedpdf/fonts-arabic', 'NotoNaskhArabic-Bold.ttf'),
  },
  japanese: {
    regular: () => require.resolve('@expo-google-fonts/biz-udpgothic/400Regular/BIZUDPGothic_400Regular.ttf'),
    bold: () => require.resolve('@expo-google-fonts/biz-udpgothic/700Bold/BIZUDPGothic_700Bold.ttf'),
  },
};

/**
 * The @embedpdf font packages export only their entry point (dist/index.cjs), not the font
 * files beside it, so the files are found from the entry point's folder.
 */
function embedpdfFont(pkg: string, file: string): string {
  return path.join(path.dirname(require.resolve(pkg)), '..', 'fonts', file);
}

const faces = new Map<string, FontFace>();

function load(script: FontScript, weight: FontWeight): FontFace {
  const key = `${script}-${weight}`;
  let face = faces.get(key);
  if (!face) {
    const file = FILES[script][weight]();
    const bytes = readFileSync(file);
    const font = fontkit.create(bytes);
    if (!('layout' in font)) throw new Error(`${file} is a font collection, not a font`);
    face = { key, script, weight, font, bytes };
    // Warm what fontkit caches on first use, so pdfkit's views of the font (text-layout.ts)
    // inherit it instead of working it out again for each document.
    void font.bbox;
    faces.set(key, face);
  }
  return face;
}

/** The faces of one weight in fallback order. Parsing is lazy and happens once per process. */
export function fontFaces(weight: FontWeight): readonly FontFace[] {
  return SCRIPTS.map((script) => load(script, weight));
}

const coverage = new Map<string, FontFace>();

/** The first face of the weight that has a glyph for the code point, else the first face. */
export function faceFor(codePoint: number, weight: FontWeight): FontFace {
  const key = `${weight}:${codePoint}`;
  let face = coverage.get(key);
  if (!face) {
    const candidates = fontFaces(weight);
    face = candidates.find((f) => f.font.hasGlyphForCodePoint(codePoint)) ?? candidates[0];
    // Bounded by the characters that actually occur, a few thousand at most.
    coverage.set(key, face);
  }
  return face;
}

export function hasGlyph(face: FontFace, codePoint: number): boolean {
  return face.font.hasGlyphForCodePoint(codePoint);
}
