/// <reference types="pdfkit" />
import type * as fontkit from 'fontkit';
import type { FontFace } from './fonts';
import { shape, type ShapedRun } from './shaping';
import { subsetSource, TrueTypeSubset } from './truetype-subset';

/**
 * What pdfkit gets for a face: the parsed font (pdfkit ≥ 0.16 takes anything with `layout`,
 * though its types do not say so), seen through an object that answers
 *  - `layout` from `shape` (shaping.ts), so text is shaped once per process, and
 *  - `createSubset` with a TrueTypeSubset (truetype-subset.ts), which copies glyphs out of the
 *    font file instead of re-encoding tables.
 * Both give what fontkit itself would; only repeated or generic work is skipped.
 */
export function pdfkitFont(face: FontFace): PDFKit.Mixins.PDFFontSource {
  let view = views.get(face);
  if (!view) {
    view = Object.create(face.font) as fontkit.Font;
    view.layout = (text: string) => pdfkitRun(shape(face, text));
    if (subsetSource(face))
      view.createSubset = () => new TrueTypeSubset(subsetSource(face)!) as unknown as fontkit.Subset;
    views.set(face, view);
  }
  return view as unknown as PDFKit.Mixins.PDFFontSource;
}

const views = new Map<FontFace, fontkit.Font>();

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
