import type { FontFace } from './fonts';

/**
 * A TrueType subset for pdfkit to embed, built by copying the used glyphs' bytes out of the
 * font file. It writes the same bytes as fontkit's TTFSubset (the same tables in the same
 * order: head, hhea, loca, maxp, cvt, prep, glyf, hmtx, fpgm; compound glyphs' components
 * renumbered; no checksums), which a test holds it to; fontkit gets there through its generic
 * table encoder, which was a fifth of the time a document took.
 */
export class TrueTypeSubset {
  /** pdfkit embeds a subset as CFF when this is set; these fonts are TrueType. */
  readonly cff = null;
  private readonly glyphs: number[] = [];
  private readonly mapping = new Map<number, number>();

  constructor(private readonly source: SubsetSource) {
    this.includeGlyph(0); // the missing glyph is always glyph 0
  }

  /** The glyph's id in the subset, adding it if new. */
  includeGlyph(glyph: number | { id: number }): number {
    const id = typeof glyph === 'number' ? glyph : glyph.id;
    let subsetId = this.mapping.get(id);
    if (subsetId === undefined) {
      subsetId = this.glyphs.length;
      this.glyphs.push(id);
      this.mapping.set(id, subsetId);
    }
    return subsetId;
  }

  encode(): Uint8Array {
    const s = this.source;
    const pieces: Uint8Array[] = [];
    const offsets: number[] = [];
    let glyfLength = 0;
    // Components are added while going, as fontkit does, so they follow in discovery order.
    for (let i = 0; i < this.glyphs.length; i++) {
      const id = this.glyphs[i];
      let bytes = s.bytes.subarray(s.glyfOffset + s.loca[id], s.glyfOffset + s.loca[id + 1]);
      const components = s.components(id);
      if (components.length > 0) {
        bytes = Uint8Array.from(bytes);
        const view = new DataView(bytes.buffer);
        for (const c of components) view.setUint16(c.pos, this.includeGlyph(c.glyphId));
      }
      offsets.push(glyfLength);
      pieces.push(bytes);
      glyfLength += bytes.length;
    }
    offsets.push(glyfLength);
    const count = this.glyphs.length;

    const head = Uint8Array.from(s.table('head'));
    new DataView(head.buffer).setInt16(50, s.longLoca ? 1 : 0); // indexToLocFormat
    const hhea = Uint8Array.from(s.table('hhea'));
    new DataView(hhea.buffer).setUint16(34, count); // numberOfHMetrics
    const maxp = Uint8Array.from(s.table('maxp'));
    new DataView(maxp.buffer).setUint16(4, count); // numGlyphs

    const loca = new Uint8Array(offsets.length * (s.longLoca ? 4 : 2));
    const locaView = new DataView(loca.buffer);
    offsets.forEach((offset, i) => {
      if (s.longLoca) locaView.setUint32(i * 4, offset);
      else locaView.setUint16(i * 2, offset >>> 1);
    });

    const hmtx = new Uint8Array(count * 4);
    const hmtxView = new DataView(hmtx.buffer);
    this.glyphs.forEach((id, i) => {
      const { advance, bearing } = s.metrics(id);
      hmtxView.setUint16(i * 4, advance);
      hmtxView.setInt16(i * 4 + 2, bearing);
    });

    const glyf = new Uint8Array(glyfLength);
    let at = 0;
    for (const piece of pieces) {
      glyf.set(piece, at);
      at += piece.length;
    }

    const tables: [string, Uint8Array | undefined][] = [
      ['head', head],
      ['hhea', hhea],
      ['loca', loca],
      ['maxp', maxp],
      ['cvt ', s.optionalTable('cvt ')],
      ['prep', s.optionalTable('prep')],
      ['glyf', glyf],
      ['hmtx', hmtx],
      ['fpgm', s.optionalTable('fpgm')],
    ];
    return directory(tables.filter((t): t is [string, Uint8Array] => t[1] !== undefined));
  }
}

/** The sfnt header and table records (checksums left 0, as fontkit does), then the tables. */
function directory(tables: [string, Uint8Array][]): Uint8Array {
  const headerLength = 12 + tables.length * 16;
  const total = tables.reduce((sum, [, data]) => sum + data.length, headerLength);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const exponent = Math.floor(Math.log2(tables.length));
  const searchRange = 2 ** exponent * 16;
  out.set([0x74, 0x72, 0x75, 0x65]); // 'true'
  view.setUint16(4, tables.length);
  view.setUint16(6, searchRange);
  view.setUint16(8, exponent);
  view.setUint16(10, tables.length * 16 - searchRange);
  let offset = headerLength;
  tables.forEach(([tag, data], i) => {
    const record = 12 + i * 16;
    for (let k = 0; k < 4; k++) out[record + k] = tag.charCodeAt(k);
    view.setUint32(record + 4, 0);
    view.setUint32(record + 8, offset);
    view.setUint32(record + 12, data.length);
    out.set(data, offset);
    offset += data.length;
  });
  return out;
}

interface Component {
  /** Where the component's glyph id sits, from the start of the glyph's bytes. */
  pos: number;
  glyphId: number;
}

/** A TrueType font file read once: where its tables and glyphs are. */
export class SubsetSource {
  readonly glyfOffset: number;
  readonly longLoca: boolean;
  /** Byte offset of each glyph in glyf, one more entry than there are glyphs. */
  readonly loca: number[];
  private readonly tables: Map<string, { offset: number; length: number }>;
  private readonly view: DataView;
  private readonly numberOfHMetrics: number;
  private readonly hmtxOffset: number;
  private readonly componentCache = new Map<number, Component[]>();

  /** Glyph outlines in a glyf table (not CFF), located through loca. */
  static isTrueType(bytes: Uint8Array): boolean {
    const tables = readTables(bytes);
    return tables.has('glyf') && tables.has('loca');
  }

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.tables = readTables(bytes);
    const head = this.required('head');
    this.longLoca = this.view.getInt16(head.offset + 50) === 1;
    const numGlyphs = this.view.getUint16(this.required('maxp').offset + 4);
    const loca = this.required('loca');
    this.loca = Array.from({ length: numGlyphs + 1 }, (_, i) =>
      this.longLoca ? this.view.getUint32(loca.offset + i * 4) : this.view.getUint16(loca.offset + i * 2) * 2,
    );
    this.glyfOffset = this.required('glyf').offset;
    this.numberOfHMetrics = this.view.getUint16(this.required('hhea').offset + 34);
    this.hmtxOffset = this.required('hmtx').offset;
  }

  table(tag: string): Uint8Array {
    const { offset, length } = this.required(tag);
    return this.bytes.subarray(offset, offset + length);
  }

  optionalTable(tag: string): Uint8Array | undefined {
    return this.tables.has(tag) ? this.table(tag) : undefined;
  }

  metrics(id: number): { advance: number; bearing: number } {
    const last = this.numberOfHMetrics - 1;
    const advance = this.view.getUint16(this.hmtxOffset + Math.min(id, last) * 4);
    const bearing =
      id <= last
        ? this.view.getInt16(this.hmtxOffset + id * 4 + 2)
        : this.view.getInt16(this.hmtxOffset + this.numberOfHMetrics * 4 + (id - this.numberOfHMetrics) * 2);
    return { advance, bearing };
  }

  /** The components of a compound glyph (none for a simple or empty one). */
  components(id: number): Component[] {
    let components = this.componentCache.get(id);
    if (!components) {
      components = [];
      const start = this.glyfOffset + this.loca[id];
      if (this.loca[id + 1] > this.loca[id] && this.view.getInt16(start) < 0) {
        let pos = 10; // after numberOfContours and the bounding box
        for (;;) {
          const flags = this.view.getUint16(start + pos);
          components.push({ pos: pos + 2, glyphId: this.view.getUint16(start + pos + 2) });
          pos += 4 + (flags & 0x0001 ? 4 : 2); // arguments: words or bytes
          if (flags & 0x0008)
            pos += 2; // a scale
          else if (flags & 0x0040)
            pos += 4; // x and y scales
          else if (flags & 0x0080) pos += 8; // a two by two matrix
          if (!(flags & 0x0020)) break; // no more components
        }
      }
      this.componentCache.set(id, components);
    }
    return components;
  }

  private required(tag: string): { offset: number; length: number } {
    const table = this.tables.get(tag);
    if (!table) throw new Error(`The font has no '${tag}' table`);
    return table;
  }
}

function readTables(bytes: Uint8Array): Map<string, { offset: number; length: number }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = new Map<string, { offset: number; length: number }>();
  const numTables = view.getUint16(4);
  for (let i = 0; i < numTables; i++) {
    const record = 12 + i * 16;
    const tag = String.fromCharCode(...bytes.subarray(record, record + 4));
    tables.set(tag, { offset: view.getUint32(record + 8), length: view.getUint32(record + 12) });
  }
  return tables;
}

const sources = new WeakMap<FontFace, SubsetSource | null>();

/** The face's font file, read for subsetting once per process; null unless it is TrueType. */
export function subsetSource(face: FontFace): SubsetSource | null {
  let source = sources.get(face);
  if (source === undefined) {
    source = SubsetSource.isTrueType(face.bytes) ? new SubsetSource(face.bytes) : null;
    sources.set(face, source);
  }
  return source;
}
