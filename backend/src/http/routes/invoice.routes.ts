import { z } from 'zod';
import type { DocumentFile } from '../../services/invoices/document-queries.service';
import { Reply } from '../reply';
import { defineRoute, type ApiRoute } from '../route-definition';
import { pageFields, pathId } from '../validation';

const listQuery = z.strictObject({
  ...pageFields(20),
  /** Admins: one user's documents (ignored for students, who only ever see their own). */
  userId: z.uuid().optional(),
});

const invoiceQuery = z.strictObject({
  format: z.enum(['pdf', 'json']).default('pdf'),
});

/** The stored bytes, as they were rendered at issue; the number names the file. */
function pdfOf(file: DocumentFile): Reply {
  return Reply.file({
    contentType: 'application/pdf',
    filename: `${file.number}.pdf`,
    body: file.pdf,
    cacheControl: 'private, max-age=0, must-revalidate',
  });
}

const TAGS = ['invoices'];

export const invoiceRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/invoices',
    auth: 'signed_in',
    owner: 'caller_or_admin',
    summary: "The caller's invoices and credit notes, newest first (admins: everyone's or one user's)",
    tags: TAGS,
    query: listQuery,
    responses: { 200: { description: 'A page of documents and the next cursor' } },
    handle: ({ principal, query }, { documents }) => documents.list(principal, query),
  }),
  defineRoute({
    method: 'get',
    path: '/api/invoices/documents/:documentId',
    auth: 'signed_in',
    owner: 'caller_or_admin',
    summary: 'One issued invoice or credit note as its PDF',
    tags: TAGS,
    params: z.strictObject({ documentId: pathId }),
    notFound: 'Document',
    responses: { 200: { description: 'The PDF as it was issued', media: ['application/pdf'] } },
    handle: async ({ principal, params }, { documents }) =>
      pdfOf(await documents.documentPdf(principal, params.documentId)),
  }),
  defineRoute({
    method: 'get',
    path: '/api/invoices/:paymentId',
    auth: 'signed_in',
    owner: 'caller_or_admin',
    summary: "A payment's invoice as PDF, or its invoice and credit notes as JSON",
    tags: TAGS,
    params: z.strictObject({ paymentId: pathId }),
    notFound: 'Payment',
    query: invoiceQuery,
    responses: {
      200: {
        description: 'The invoice PDF (`format=pdf`) or the documents (`format=json`)',
        media: ['application/pdf', 'application/json'],
      },
      404: { description: 'No such payment, or its invoice is not issued yet (`invoice_not_ready`, worth retrying)' },
    },
    handle: async ({ principal, params, query }, { documents }) =>
      query.format === 'json'
        ? documents.forPayment(principal, params.paymentId)
        : pdfOf(await documents.invoicePdf(principal, params.paymentId)),
  }),
];
