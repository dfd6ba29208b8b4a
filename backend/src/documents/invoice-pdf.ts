import PDFDocument from 'pdfkit';
import type { InvoiceSnapshot } from '../domain/invoices/invoice-snapshot';
import { InvoiceLayout, PAGE } from './invoice-layout';
import { invoiceText } from './invoice-text';
import { DocumentText } from './text-layout';

/**
 * Renders an issued invoice or credit note to PDF from its frozen snapshot. The same snapshot
 * always gives the same bytes: the dates in the metadata are the issue date (pdfkit derives the
 * file ID from them), fonts are embedded from the packages, and nothing reads the clock.
 */
export async function renderInvoicePdf(snapshot: InvoiceSnapshot): Promise<Buffer> {
  const issuedAt = new Date(snapshot.issuedAt);
  if (Number.isNaN(issuedAt.getTime())) throw new Error(`Snapshot ${snapshot.number} has no valid issue date`);
  const content = invoiceText(snapshot);
  const doc = new PDFDocument({
    size: [PAGE.width, PAGE.height],
    margin: PAGE.margin,
    // No default font: pdfkit would parse Helvetica's metrics for every document, unused.
    font: null as unknown as string,
    lang: 'en',
    displayTitle: true,
    info: {
      Title: content.name,
      Author: snapshot.seller.name,
      Creator: snapshot.seller.name,
      Producer: 'PDFKit',
      CreationDate: issuedAt,
      ModDate: issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    new InvoiceLayout(doc, new DocumentText(doc), content).render();
  } catch (error) {
    doc.destroy();
    throw error;
  }
  doc.end();
  return done;
}
