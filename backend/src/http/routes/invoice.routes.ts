import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AuthService } from '../../services/auth/auth.service';
import type { DocumentFile, DocumentQueryService } from '../../services/invoices/document-queries.service';
import { authenticate, principalOf } from '../middleware/auth.middleware';
import { parseInput } from '../validation';

const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  /** Admins: one user's documents (ignored for students, who only ever see their own). */
  userId: z.uuid().optional(),
});

const invoiceQuery = z.strictObject({
  format: z.enum(['pdf', 'json']).default('pdf'),
});

/** The stored bytes, as they were rendered at issue; the number names the file. */
function sendPdf(res: Response, file: DocumentFile): void {
  res
    .status(200)
    .type('application/pdf')
    .set('Content-Disposition', `attachment; filename="${file.number}.pdf"`)
    .set('Cache-Control', 'private, max-age=0, must-revalidate')
    .send(file.pdf);
}

export function invoiceRoutes(auth: AuthService, documents: DocumentQueryService): Router {
  const router = Router();
  router.use(authenticate(auth));

  router.get('/', async (req, res) => {
    res.json(await documents.list(principalOf(req), parseInput(listQuery, req.query, 'query')));
  });

  router.get('/documents/:documentId', async (req, res) => {
    parseInput(z.strictObject({}), req.query, 'query');
    sendPdf(res, await documents.documentPdf(principalOf(req), String(req.params.documentId)));
  });

  router.get('/:paymentId', async (req, res) => {
    const { format } = parseInput(invoiceQuery, req.query, 'query');
    const principal = principalOf(req);
    const paymentId = String(req.params.paymentId);
    if (format === 'json') {
      res.json(await documents.forPayment(principal, paymentId));
      return;
    }
    sendPdf(res, await documents.invoicePdf(principal, paymentId));
  });

  return router;
}
