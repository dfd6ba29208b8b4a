/// <reference types="pdfkit" />
import type * as fontkit from 'fontkit';
import type { FontFace } from './fonts';
import { shape, type ShapedRun } from './shaping';

/**
 * What pdfkit gets for a face: the parsed font (pdfkit ≥ 0.16 takes anything with `layout`,
 * though its types do not say so), seen through an object that answers
 *  - `layout` from `shape` (shaping.ts), so text is shaped once per process, and
 *  - `getGlyph`, which the subsetter calls for every glyph it embeds, with the glyph's outline
 *    header and metrics decoded once per process instead of once per document.
 * Both answers are what the font itself would give; only the repeated work is skipped.
 */
export function pdfkitFont(face: FontFace): PDFKit.Mixins.PDFFontSource {
  let view = views.get(face);
  if (!view) {
    view = Object.create(face.font) as fontkit.Font;
    view.layout = (text: string) => pdfkitRun(shape(face, text));
    const glyphs = new Map<number, fontkit.Glyph>();
    view.getGlyph = (id: number) => {
      let glyph = glyphs.get(id);
      if (!glyph) {
        glyph = cachedGlyph(face.font.getGlyph(id));
        glyphs.set(id, glyph);
      }
      return glyph;
    };
    views.set(face, view);
  }
  return view as unknown as PDFKit.Mixins.PDFFontSource;
}

const views = new Map<FontFace, fontkit.Font>();

interface GlyphInternals {
  _decode(): unknown;
  _getMetrics(): unknown;
}

/**
 * A glyph whose decoded outline header and metrics are worked out once. Its code points are
 * not used: pdfkit takes those from the shaped run (shaping.ts).
 */
function cachedGlyph(glyph: fontkit.Glyph): fontkit.Glyph {
  const internals = glyph as unknown as GlyphInternals;
  const decoded = internals._decode();
  const metrics = internals._getMetrics();
  const advanceWidth = glyph.advanceWidth;
  return Object.create(glyph, {
    _decode: { value: () => decoded },
    _getMetrics: { value: () => metrics },
    advanceWidth: { value: advanceWidth },
  }) as fontkit.Glyph;
}

/** The run as pdfkit's EmbeddedFont reads it, with positions of its own: pdfkit scales them in place. */
function pdfkitRun(run: ShapedRun): fontkit.GlyphRun {
  // advanceWidth is preset so pdfkit adding it does not change the objects' shape.
  const positions = run.positions.map((p) => ({
    xAdvance: p.xAdvance,
    yAdvance: p.yAdvance,
    xOffset: p.xOffset,
    yOffset: p.yOffset,
    advanceWidth: 0,
  }));
  const copy = {
    glyphs: run.glyphs,
    positions,
    get advanceWidth() {
      let width = 0;
      for (const p of positions) width += p.xAdvance;
      return width;
    },
  };
  return copy as unknown as fontkit.GlyphRun;
}
