import type { InvoiceText, LineCells, PartyText } from './invoice-text';
import type { DocumentText, TextStyle } from './text-layout';

/** A4 in points; every position below is in points from the top left corner. */
export const PAGE = { width: 595.28, height: 841.89, margin: 50 } as const;

const LEFT: number = PAGE.margin;
const RIGHT = PAGE.width - PAGE.margin;
const WIDTH = RIGHT - LEFT;
const TOP: number = PAGE.margin;
/** Below this the footer goes. */
const BOTTOM = PAGE.height - 70;

const GREY = '#555555';
const RULE = '#999999';
const TITLE: TextStyle = { size: 22, weight: 'bold' };
const HEADING: TextStyle = { size: 8, weight: 'bold', color: GREY };
const NAME: TextStyle = { size: 11, weight: 'bold' };
const BODY: TextStyle = { size: 9, weight: 'regular' };
const BODY_BOLD: TextStyle = { size: 9, weight: 'bold' };
const SMALL: TextStyle = { size: 8, weight: 'regular', color: GREY };

const lineHeight = (style: TextStyle) => style.size * 1.45;
/** From the top of a line box to its baseline. */
const ascent = (style: TextStyle) => style.size * 1.1;

const CELL_GAP = 10;
const MIN_DESCRIPTION = 140;
const NUMERIC: (keyof LineCells)[] = ['quantity', 'unitNet', 'net', 'tax', 'gross'];

/**
 * Lays an invoice or credit note out on A4 pages: title, number and dates with the seller
 * beside them, the buyer, the line table (repeating its header on each page), the totals,
 * the notes and the payment line. Text that does not fit its column wraps.
 */
export class InvoiceLayout {
  private y = TOP;
  private page = 1;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly text: DocumentText,
    private readonly content: InvoiceText,
  ) {}

  render(): void {
    this.header();
    this.party(this.content.buyer, LEFT, WIDTH / 2);
    this.y += 18;
    this.table();
    this.totals();
    this.notes();
    this.footer();
  }

  private header(): void {
    const c = this.content;
    const columnWidth = WIDTH / 2 - 10;
    let left = TOP;
    left = this.block([c.title], LEFT, left, columnWidth, TITLE);
    left += 4;
    left = this.block([c.number], LEFT, left, columnWidth, NAME);
    left = this.block([c.issued, ...c.correction], LEFT, left, columnWidth, BODY);

    const sellerX = RIGHT - columnWidth;
    let right = TOP + 6;
    right = this.block([c.seller.name], sellerX, right, columnWidth, NAME, 'right');
    right = this.block(c.seller.lines, sellerX, right, columnWidth, BODY, 'right');
    this.y = Math.max(left, right) + 22;
  }

  private party(party: PartyText, x: number, width: number): void {
    let y = this.block([party.heading], x, this.y, width, HEADING);
    y = this.block([party.name], x, y, width, NAME);
    this.y = this.block(party.lines, x, y, width, BODY);
  }

  private table(): void {
    const { columns, lines } = this.content;
    const widths = this.columnWidths([columns, ...lines]);
    this.tableHeader(widths);
    for (const line of lines) {
      const description = this.text.wrap(line.description, widths.description, BODY);
      const height = Math.max(1, description.length) * lineHeight(BODY) + 6;
      if (this.y + height > BOTTOM) {
        this.newPage();
        this.tableHeader(widths);
      }
      this.row(line, description, widths, BODY);
      this.y += height;
      this.rule(this.y - 3, '#dddddd');
    }
  }

  private tableHeader(widths: Record<keyof LineCells, number>): void {
    const { columns } = this.content;
    this.row(columns, [columns.description], widths, BODY_BOLD);
    this.y += lineHeight(BODY_BOLD) + 2;
    this.rule(this.y - 3, RULE);
  }

  private row(cells: LineCells, description: string[], widths: Record<keyof LineCells, number>, style: TextStyle) {
    let baseline = this.y + ascent(style);
    for (const line of description) {
      this.text.draw(line, LEFT, baseline, style);
      baseline += lineHeight(style);
    }
    let x = LEFT + widths.description;
    for (const key of NUMERIC) {
      x += CELL_GAP;
      this.text.draw(cells[key], x, this.y + ascent(style), style, { align: 'right', width: widths[key] });
      x += widths[key];
    }
  }

  /** Numbers get the width of their widest cell; the description gets the rest. */
  private columnWidths(rows: LineCells[]): Record<keyof LineCells, number> {
    const widths = { description: 0, quantity: 0, unitNet: 0, net: 0, tax: 0, gross: 0 };
    for (const key of NUMERIC) {
      widths[key] = Math.max(...rows.map((r, i) => this.text.measure(r[key], i === 0 ? BODY_BOLD : BODY)));
    }
    const numeric = NUMERIC.reduce((sum, key) => sum + widths[key] + CELL_GAP, 0);
    // Amounts near the safe-integer limit could leave no room; the description then keeps a
    // minimum and the numbers run into the margin rather than over each other.
    widths.description = Math.max(MIN_DESCRIPTION, WIDTH - numeric);
    return widths;
  }

  private totals(): void {
    const width = 230;
    const x = RIGHT - width;
    const rows = this.content.totals;
    const height = rows.length * lineHeight(NAME) + 16;
    if (this.y + height > BOTTOM) this.newPage();
    this.y += 8;
    for (const row of rows) {
      const style = row.strong ? NAME : BODY;
      if (row.strong) {
        this.rule(this.y, RULE, x);
        this.y += 4;
      }
      const baseline = this.y + ascent(style);
      this.text.draw(row.label, x, baseline, style);
      this.text.draw(row.value, x, baseline, style, { align: 'right', width });
      this.y += lineHeight(style) + 2;
    }
    this.y += 18;
  }

  private notes(): void {
    const paragraphs = [...this.content.notes, this.content.payment];
    for (const paragraph of paragraphs) {
      const lines = this.text.wrap(paragraph, WIDTH, BODY);
      if (this.y + lines.length * lineHeight(BODY) > BOTTOM) this.newPage();
      this.y = this.block(lines, LEFT, this.y, WIDTH, BODY, 'left', false) + 4;
    }
  }

  /** Draws lines (wrapped to `width` unless told not to) from `top`; returns the y below them. */
  private block(
    lines: string[],
    x: number,
    top: number,
    width: number,
    style: TextStyle,
    align: 'left' | 'right' = 'left',
    wrap = true,
  ): number {
    let y = top;
    for (const line of lines) {
      for (const piece of wrap ? this.text.wrap(line, width, style) : [line]) {
        this.text.draw(piece, x, y + ascent(style), style, { align, width });
        y += lineHeight(style);
      }
    }
    return y;
  }

  private rule(y: number, color: string, from = LEFT): void {
    this.doc.save().moveTo(from, y).lineTo(RIGHT, y).lineWidth(0.5).strokeColor(color).stroke().restore();
  }

  private newPage(): void {
    this.footer();
    this.doc.addPage();
    this.page += 1;
    this.y = TOP;
  }

  private footer(): void {
    const label = `${this.content.name} · page ${this.page}`;
    this.text.draw(label, LEFT, PAGE.height - 40, SMALL, { align: 'right', width: WIDTH });
  }
}
