import { fontFaces } from '../../../src/documents/fonts';
import { subsetSource, TrueTypeSubset } from '../../../src/documents/truetype-subset';

/** Deterministic pseudo-random glyph ids spread over the font. */
function glyphIds(numGlyphs: number, count: number, seed: number): number[] {
  let x = seed;
  return Array.from({ length: count }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % numGlyphs;
  });
}

describe('TrueTypeSubset', () => {
  const faces = [...fontFaces('regular'), ...fontFaces('bold')];

  it.each(faces.map((f) => [f.key, f] as const))(
    'when %s is subset, then the bytes are exactly what fontkit would embed',
    (_key, face) => {
      const source = subsetSource(face)!;
      const numGlyphs = source.loca.length - 1;
      const text = 'Müller-Ødegård Ωμέγα Жанна €£¥₹ 山田太郎 محمد العلي';
      const textIds = face.font.glyphsForString(text).map((g) => g.id);
      for (let trial = 0; trial < 8; trial++) {
        const ids = [...textIds, ...glyphIds(numGlyphs, 10 + trial * 15, trial + 1)];
        const theirs = face.font.createSubset();
        const ours = new TrueTypeSubset(source);
        for (const id of ids) expect(ours.includeGlyph(id)).toBe(theirs.includeGlyph(face.font.getGlyph(id)));
        expect(Buffer.from(ours.encode()).equals(Buffer.from(theirs.encode()))).toBe(true);
      }
    },
  );

  it('when a subset holds compound glyphs, then their components are added and renumbered', () => {
    const latin = fontFaces('regular')[0];
    const source = subsetSource(latin)!;
    const compound = latin.font
      .glyphsForString('ÅǺǻḈ')
      .map((g) => g.id)
      .find((id) => source.components(id).length > 0);
    expect(compound).toBeDefined();
    const subset = new TrueTypeSubset(source);
    subset.includeGlyph(compound!);
    const theirs = latin.font.createSubset();
    theirs.includeGlyph(latin.font.getGlyph(compound!));
    expect(Buffer.from(subset.encode()).equals(Buffer.from(theirs.encode()))).toBe(true);
    // glyph 0, the compound glyph, then at least one component
    expect(subset.includeGlyph(source.components(compound!)[0].glyphId)).toBeGreaterThanOrEqual(2);
  });
});
