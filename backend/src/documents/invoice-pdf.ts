import PDFDocument from 'pdfkit';
import type { InvoiceSnapshot } from '../domain/invoices/invoice-snapshot';

// Placeholder until the Unicode renderer lands: enough to read the number back.
export function renderInvoicePdf(snapshot: InvoiceSnapshot): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ info: { CreationDate: new Date(snapshot.issuedAt) } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.text(`${snapshot.kind} ${snapshot.number} ${snapshot.totals.gross} ${snapshot.currency}`);
    doc.end();
  });
}
